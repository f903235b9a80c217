import type { EntityManager } from '@mikro-orm/postgresql';
import type { Condition, StoredHeadline } from '../../deps.js';
import { query } from './analytics-sql.js';

/**
 * Stored daily headline prices of figure/condition pairs between two days, in one statement: an
 * index scan of headline_prices' primary key (minifigure_id, condition, date) per partition for the
 * figures asked for; the conditions not asked for are dropped here.
 */
export async function storedHeadlines(
  em: EntityManager,
  pairs: readonly { figureId: string; condition: Condition }[],
  from: string,
  to: string,
): Promise<StoredHeadline[]> {
  if (pairs.length === 0) return [];
  const wanted = new Set(pairs.map((p) => `${p.figureId}:${p.condition}`));
  // Ids are UUIDs from the database, so the array literal needs no quoting.
  const ids = `{${[...new Set(pairs.map((p) => p.figureId))].join(',')}}`;
  const rows = await query<{ figureId: string; condition: Condition; date: string; price: string }[]>(
    em,
    `select h.minifigure_id as "figureId", h.condition, to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd as price
     from headline_prices h
     where h.minifigure_id = any(?::uuid[]) and h.date between ?::date and ?::date`,
    [ids, from, to],
  );
  return rows
    .filter((r) => wanted.has(`${r.figureId}:${r.condition}`))
    .map((r) => ({ ...r, price: Number(r.price) }));
}
