/** Themes and subthemes (src/core/theme-path.ts) in SQL: filters and the list with counts. */
import { THEME_PATH_SEPARATOR } from '../../core/theme-path.js';

/** SQL matching figures (table alias `alias` on minifigures) in `theme` or under it, with its parameters. */
export function themeFilter(alias: string, theme: string): { sql: string; params: string[] } {
  const [top, ...below] = theme.split(THEME_PATH_SEPARATOR) as [string, ...string[]];
  // The theme column narrows by index (idx_minifigures_theme_year); the path parts are checked on those rows.
  const parts = [
    `${alias}.theme = ?`,
    ...below.map((_, i) => `${alias}.metadata -> 'category_path' ->> ${i + 1} = ?`),
  ];
  return { sql: parts.join(' and '), params: [top, ...below] };
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
