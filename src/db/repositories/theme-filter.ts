/** Themes and subthemes (src/core/theme-path.ts) in SQL: filters and the list with counts. */
import { THEME_PATH_SEPARATOR, themePaths } from '../../core/theme-path.js';

/**
 * SQL matching figures (table alias `alias` on minifigures) in `theme` or under it, with its
 * parameters; for a theme group (Marvel), in any of its paths.
 */
export function themeFilter(alias: string, theme: string): { sql: string; params: string[] } {
  // The theme column narrows by index (idx_minifigures_theme_year); the path parts are checked on those rows.
  const belowByTop = new Map<string, string[][]>();
  for (const path of themePaths(theme)) {
    const [top, ...below] = path.split(THEME_PATH_SEPARATOR) as [string, ...string[]];
    belowByTop.set(top, [...(belowByTop.get(top) ?? []), below]);
  }
  const sql: string[] = [];
  const params: string[] = [];
  for (const [top, belows] of belowByTop) {
    // A group that holds a whole theme (Batman I) needs none of its paths below.
    const paths = belows.some((b) => b.length === 0) ? [] : belows;
    const conditions = paths.map((below) =>
      below.map((_, i) => `${alias}.metadata -> 'category_path' ->> ${i + 1} = ?`).join(' and '),
    );
    const under = conditions.length > 1 ? [`(${conditions.map((c) => `(${c})`).join(' or ')})`] : conditions;
    sql.push([`${alias}.theme = ?`, ...under].join(' and '));
    params.push(top, ...paths.flat());
  }
  return {
    sql: sql.length === 1 ? (sql[0] as string) : `(${sql.map((s) => `(${s})`).join(' or ')})`,
    params,
  };
}

/**
 * A figure's category path (table alias `alias` on minifigures) as an array: its theme, then the
 * path's parts below the top, as themeFilter reads them ([theme] when it has no path).
 */
function pathSql(alias: string): string {
  return `array[${alias}.theme] || case when jsonb_typeof(${alias}.metadata -> 'category_path') = 'array'
               then (array(select jsonb_array_elements_text(${alias}.metadata -> 'category_path')))[2:]
               else array[]::text[] end`;
}

/**
 * Every theme and subtheme with its figure count: each prefix of each figure's category path (the
 * theme alone when a figure has no path).
 */
export const THEME_COUNTS_SQL = `
  with paths as (select m.theme, ${pathSql('m')} as path from minifigures m where m.theme is not null)
  select case when n = 1 then p.theme else array_to_string(p.path[1:n], '${THEME_PATH_SEPARATOR}') end as theme,
         count(*)::int as figures
  from paths p cross join generate_series(1, greatest(cardinality(p.path), 1)) n
  group by 1 order by 1`;
