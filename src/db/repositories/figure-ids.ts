import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/**
 * Catalogue ids for BrickLink item numbers, in one query, keyed by the lower-cased item number.
 * Matching ignores case: listings write "SW0001" as often as "sw0001", and BrickLink's mixed-case
 * numbers (scaFemA05) have no two entries that differ only by case.
 */
export async function figureIdsByItemNo(
  em: EntityManager,
  itemNos: Iterable<string>,
): Promise<Map<string, { id: string; setNumber: string }>> {
  const wanted = [...new Set([...itemNos].map((n) => n.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await query<{ id: string; setNumber: string }[]>(
    em,
    `select m.id, m.set_number as "setNumber"
     from minifigures m
     where lower(m.set_number) in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(wanted)],
  );
  return new Map(rows.map((r) => [r.setNumber.toLowerCase(), r]));
}
