import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The fetched set inventories as the title matcher takes them: set number as titles write it
 * ("75192", without BrickLink's "-1") -> item numbers of its figures. Empty while the sets tables
 * (sets, set_minifigures) are absent from the schema or hold no inventory; the matcher then guesses
 * a set's figures from the catalogues.
 */
export async function listSetFigures(em: EntityManager): Promise<Map<string, string[]>> {
  const connection = em.getConnection();
  const [present] = await connection.execute<{ ok: boolean }[]>(
    "select to_regclass('set_minifigures') is not null and to_regclass('sets') is not null as ok",
  );
  const map = new Map<string, string[]>();
  if (!present?.ok) return map;
  const rows = await connection.execute<{ number: string; itemNo: string }[]>(
    `select s.number, sm.item_no as "itemNo"
     from set_minifigures sm join sets s on s.set_no = sm.set_no
     order by s.number, s.set_no, sm.item_no`,
  );
  for (const row of rows) {
    const list = map.get(row.number) ?? [];
    if (!list.includes(row.itemNo)) list.push(row.itemNo);
    map.set(row.number, list);
  }
  return map;
}
