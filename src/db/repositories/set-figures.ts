import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/**
 * The fetched set inventories as the title matcher takes them: set number as titles write it
 * ("75192", without BrickLink's "-1") -> item numbers of its figures. Sets whose inventory is not
 * fetched yet are absent; for them the matcher guesses the figures from the catalogues.
 */
export async function listSetFigures(em: EntityManager): Promise<Map<string, string[]>> {
  const rows = await query<{ number: string; itemNo: string }[]>(
    em,
    `select s.number, sm.item_no as "itemNo"
     from set_minifigures sm join sets s on s.set_no = sm.set_no
     order by s.number, s.set_no, sm.item_no`,
  );
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const list = map.get(row.number) ?? [];
    if (!list.includes(row.itemNo)) list.push(row.itemNo);
    map.set(row.number, list);
  }
  return map;
}
