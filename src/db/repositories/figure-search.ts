/**
 * Figure lookups for chat: item numbers in any case, name search with theme/year filters, and
 * autocomplete. Item numbers are matched through idx_minifigures_set_number_lower
 * (lower(set_number) text_pattern_ops), which serves both `=` and prefix LIKE in any collation.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type { FigureFilter, ScoredFigure, ThemeCount } from '../../deps.js';
import { query } from './analytics-sql.js';
import { THEME_COUNTS_SQL, themeFilter } from './theme-filter.js';

/**
 * The tables the searches and autocomplete here read. Their kept results are dropped only when one
 * of these changes (src/cache/until-changed.ts): name it here if a query here joins another.
 */
export const FIGURE_SEARCH_TABLES = ['minifigures'] as const;

const FIGURE = `m.id, m.set_number as "itemNo", m.name, m.theme, m.year_released as year`;

function filterSql(filter: FigureFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.theme !== undefined) {
    const theme = themeFilter('m', filter.theme);
    parts.push(theme.sql);
    params.push(...theme.params);
  }
  if (filter.year !== undefined) {
    parts.push('m.year_released = ?');
    params.push(filter.year);
  }
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

/** Figures whose item number equals one of `itemNos`, case-insensitively. */
export async function findByItemNumbers(em: EntityManager, itemNos: readonly string[]): Promise<FigureRef[]> {
  if (itemNos.length === 0) return [];
  return query(
    em,
    `select ${FIGURE} from minifigures m
     where lower(m.set_number) in (select lower(x) from jsonb_array_elements_text(?::jsonb) x)`,
    [JSON.stringify(itemNos)],
  );
}

/**
 * Full-text name search (idx_minifigures_name_fts) with optional theme and year. Every word must
 * match; plainto_tsquery gives no word a meaning, so the " - " inside BrickLink names ("Boba Fett -
 * Classic Grays") is not read as NOT, as websearch_to_tsquery would. An exact name comes first,
 * then the shortest names (those closest to the words asked for). Not ts_rank: it recomputes
 * to_tsvector for every match, a cost a common word pays once per matching name (bench/README.md
 * has the figures).
 */
export async function searchFigures(
  em: EntityManager,
  text: string,
  filter: FigureFilter,
  limit: number,
): Promise<FigureRef[]> {
  const f = filterSql(filter);
  return query(
    em,
    `select ${FIGURE} from minifigures m
     where to_tsvector('english', m.name) @@ plainto_tsquery('english', ?)${f.sql}
     order by lower(m.name) = lower(?) desc, length(m.name), m.set_number
     limit ?`,
    [text, ...f.params, text, limit],
  );
}

/** Misspelt or partial names by trigram word similarity (idx_minifigures_name_trgm). */
export async function fuzzySearchFigures(
  em: EntityManager,
  text: string,
  filter: FigureFilter,
  limit: number,
): Promise<ScoredFigure[]> {
  const f = filterSql(filter);
  const rows = await query<(FigureRef & { score: number })[]>(
    em,
    `select ${FIGURE}, word_similarity(?, m.name) as score from minifigures m
     where ? <% m.name${f.sql}
     order by score desc, similarity(?, m.name) desc, m.set_number
     limit ?`,
    [text, text, ...f.params, text, limit],
  );
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

/** `sw0001` → `sw0001%` with LIKE's own characters escaped. */
function prefixPattern(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * "boba fe" → words "boba:*" and last "fe:*": every word as a prefix, for names being typed. Only
 * letters and digits reach to_tsquery, so user text can never form tsquery syntax. The last word,
 * still being typed, is also matched without stemming or stop words ("police of" must find
 * "Officer", though "of" is an English stop word). Null when no word has two characters.
 */
function prefixTsQuery(text: string): { words: string; last: string } | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  if (!words.some((w) => w.length >= 2)) return null;
  const last = words.pop() as string;
  return { words: words.map((w) => `${w}:*`).join(' & '), last: `${last}:*` };
}

/** Name candidates ranked by word similarity; the shortest this many are ranked, not every match. */
const PREFIX_CANDIDATES = 200;

/**
 * Suggestions while typing, best first, in one round trip: exact item numbers (`exact`, already
 * lower-cased: the literal and the renumbered form), item-number prefixes (`prefixes`), names whose
 * words start with the typed words, and names within trigram reach of the text.
 */
export async function autocompleteFigures(
  em: EntityManager,
  text: string,
  exact: readonly string[],
  prefixes: readonly string[],
  limit: number,
): Promise<FigureRef[]> {
  const branches: string[] = [];
  const params: unknown[] = [];
  if (exact.length > 0) {
    branches.push(
      `(select ${FIGURE}, 0 as tier, 1::real as score, lower(m.set_number) as k from minifigures m
        where lower(m.set_number) in (select jsonb_array_elements_text(?::jsonb)))`,
    );
    params.push(JSON.stringify(exact));
  }
  for (const prefix of prefixes) {
    branches.push(
      `(select ${FIGURE}, 1 as tier, 1::real as score, lower(m.set_number) as k from minifigures m
        where lower(m.set_number) like ? escape '\\' order by lower(m.set_number) limit ?)`,
    );
    params.push(prefixPattern(prefix), limit);
  }
  const tsq = prefixTsQuery(text);
  if (tsq) {
    branches.push(
      `(select c.*, 2 as tier, word_similarity(?, c.name) as score, lower(c."itemNo") as k from (
          select ${FIGURE} from minifigures m
          where to_tsvector('english', m.name) @@
                (to_tsquery('english', ?) && (to_tsquery('english', ?) || to_tsquery('simple', ?)))
          order by length(m.name), m.set_number limit ${PREFIX_CANDIDATES}
        ) c order by score desc, length(c.name), c."itemNo" limit ?)`,
    );
    params.push(text, tsq.words, tsq.last, tsq.last, limit);
  }
  // Trigram similarity is the costliest branch and only needed when the others found too little:
  // its condition on the materialised `found` is a one-time filter, so the scan is skipped otherwise.
  const fuzzy =
    text.length >= 3
      ? `union all
         (select ${FIGURE}, 3 as tier, word_similarity(?, m.name) as score, lower(m.set_number) as k
          from minifigures m
          where (select count(distinct id) from found) < ? and ? <% m.name
          order by score desc, m.set_number limit ?)`
      : '';
  if (fuzzy) params.push(text, limit, text, limit);
  if (branches.length === 0 && !fuzzy) return [];
  const found =
    branches.length > 0
      ? branches.join(' union all ')
      : `(select ${FIGURE}, 0 as tier, 0::real as score, '' as k from minifigures m where false)`;
  const rows = await query<(FigureRef & { tier: number })[]>(
    em,
    `with found as materialized (${found})
     select id, "itemNo", name, theme, year from (select * from found ${fuzzy}) x order by tier, score desc, k`,
    params,
  );
  const seen = new Set<string>();
  const out: FigureRef[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({ id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year });
    if (out.length === limit) break;
  }
  return out;
}

/** Every figure, for the in-memory item-number index (18k rows, a few MB). */
export async function allFigures(em: EntityManager): Promise<FigureRef[]> {
  return query(em, `select ${FIGURE} from minifigures m`);
}

/** Themes and subthemes (theme-filter.ts) with their figure counts. */
export async function listThemes(em: EntityManager): Promise<ThemeCount[]> {
  return query(em, THEME_COUNTS_SQL);
}
