/**
 * Set lookups for chat: by number with or without the variant (idx_sets_number_lower,
 * idx_sets_set_no_lower), by name (idx_sets_name_fts), and the sets a figure comes in
 * (idx_set_minifigures_figure).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogueSet } from '../../deps.js';
import { query } from './analytics-sql.js';

const SET = `s.set_no as "setNo", s.number, s.name, s.theme, s.year_released as year,
  s.retail_usd::float8 as usd, s.retail_gbp::float8 as gbp, s.retail_eur::float8 as eur,
  s.exit_date::text as "exitDate", s.brickset_fetched_at as "bricksetFetchedAt",
  s.inventory_fetched_at as "inventoryFetchedAt"`;

export interface SetRow {
  setNo: string;
  number: string;
  name: string;
  theme: string | null;
  year: number | null;
  usd: number | null;
  gbp: number | null;
  eur: number | null;
  exitDate: string | null;
  bricksetFetchedAt: Date | string | null;
  inventoryFetchedAt: Date | string | null;
}

/** A row of SET, read directly or from JSON (its times are then strings). */
export function toSet(r: SetRow): CatalogueSet {
  const date = (d: Date | string | null) => (d === null ? null : new Date(d));
  return {
    setNo: r.setNo,
    number: r.number,
    name: r.name,
    theme: r.theme,
    year: r.year,
    retail: { usd: r.usd, gbp: r.gbp, eur: r.eur },
    exitDate: r.exitDate,
    bricksetFetchedAt: date(r.bricksetFetchedAt),
    inventoryFetchedAt: date(r.inventoryFetchedAt),
  };
}

/**
 * Sets by number: "75192-1" exactly, or "75192" (every variant, the first variant first). When
 * nothing has that number, every word of the text must be in the name, newest first.
 */
export async function findSets(em: EntityManager, text: string, limit: number): Promise<CatalogueSet[]> {
  const t = text.trim().toLowerCase();
  const byNumber = await query<SetRow[]>(
    em,
    `select ${SET} from sets s where lower(s.set_no) = ? or lower(s.number) = ?
     order by lower(s.set_no) = ? desc, s.set_no = s.number || '-1' desc, s.set_no limit ?`,
    [t, t, t, limit],
  );
  if (byNumber.length > 0) return byNumber.map(toSet);
  const byName = await query<SetRow[]>(
    em,
    `select ${SET} from sets s
     where to_tsvector('simple', s.name) @@ plainto_tsquery('simple', ?)
     order by lower(s.name) = ? desc, s.year_released desc nulls last, s.set_no limit ?`,
    [t, t, limit],
  );
  return byName.map(toSet);
}

/** While typing: numbers starting with the text, then names with every word (the last as a prefix). */
export async function autocompleteSets(
  em: EntityManager,
  text: string,
  limit: number,
): Promise<CatalogueSet[]> {
  const t = text.trim().toLowerCase();
  if (t === '') return [];
  const prefix = `${t.replace(/[\\%_]/g, '\\$&')}%`;
  const words = t.match(/[\p{L}\p{N}]+/gu) ?? [];
  const tsquery = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
  const rows = await query<SetRow[]>(
    em,
    `(select ${SET}, 0 as rank from sets s where lower(s.set_no) like ? order by length(s.set_no), s.set_no limit ?)
     union all
     (select ${SET}, 1 as rank from sets s
      where ? <> '' and to_tsvector('simple', s.name) @@ to_tsquery('simple', ?)
      order by s.year_released desc nulls last, s.set_no limit ?)
     order by rank limit ?`,
    [prefix, limit, tsquery, tsquery || 'x', limit, limit],
  );
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.setNo) && seen.add(r.setNo)).map(toSet);
}

/** The sets whose fetched inventory holds one figure (the one `?`), newest first. */
export const SETS_OF_FIGURE_SQL = `select ${SET} from set_minifigures sm join sets s on s.set_no = sm.set_no
  where sm.minifigure_id = ?
  order by s.year_released desc nulls last, s.set_no`;
