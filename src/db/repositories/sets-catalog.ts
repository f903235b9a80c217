import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogSet } from '../../catalog/parse-bricklink-sets.js';
import { query } from './analytics-sql.js';
import type { UpsertCounts } from './minifigures.js';

/**
 * Inserts new sets and updates changed ones by set number, in one statement per batch. Catalogue
 * fields are overwritten; metadata is merged, and what other sources added (Brickset's retail
 * prices and dates, the inventory) is left alone. Unchanged rows are not written.
 */
export async function upsertSets(em: EntityManager, sets: CatalogSet[]): Promise<UpsertCounts> {
  if (sets.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const payload = JSON.stringify(
    sets.map((s) => ({
      set_no: s.setNo,
      number: s.number,
      name: s.name,
      theme: s.theme,
      year_released: s.yearReleased,
      metadata: s.metadata,
    })),
  );
  const [row] = await query<{ inserted: string; updated: string }[]>(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb)
         as r(set_no text, number text, name text, theme text, year_released smallint, metadata jsonb)
     ), written as (
       insert into sets as s (set_no, number, name, theme, year_released, metadata)
       select set_no, number, name, theme, year_released, metadata from input
       on conflict (set_no) do update set
         number = excluded.number,
         name = excluded.name,
         theme = excluded.theme,
         year_released = excluded.year_released,
         metadata = s.metadata || excluded.metadata,
         updated_at = now()
       where (s.number, s.name, s.theme, s.year_released) is distinct from
             (excluded.number, excluded.name, excluded.theme, excluded.year_released)
          or not (s.metadata @> excluded.metadata)
       returning (xmax = 0) as inserted
     )
     select count(*) filter (where inserted) as inserted,
            count(*) filter (where not inserted) as updated
     from written`,
    [payload],
  );
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: sets.length - inserted - updated };
}
