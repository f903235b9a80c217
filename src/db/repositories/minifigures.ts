import type { EntityManager } from '@mikro-orm/postgresql';
import type { MinifigureMetadata } from '../entities/minifigure.js';
import { query } from './analytics-sql.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts new figures and updates changed ones by item number, in one statement per batch.
 * Catalogue fields are overwritten; metadata is merged so that keys added by other sources
 * (Brickset retirement dates, tags) survive a re-import. Unchanged rows are not written at all.
 */
/** A figure as written by an import: the catalogue's fields, and metadata to merge. */
export interface FigureUpsert {
  setNumber: string;
  name: string;
  theme: string | null;
  yearReleased: number | null;
  metadata: MinifigureMetadata;
}

export async function upsertMinifigures(em: EntityManager, figures: FigureUpsert[]): Promise<UpsertCounts> {
  if (figures.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const payload = JSON.stringify(
    figures.map((f) => ({
      set_number: f.setNumber,
      name: f.name,
      theme: f.theme,
      year_released: f.yearReleased,
      metadata: f.metadata,
    })),
  );
  const [row] = await query<{ inserted: string; updated: string }[]>(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb)
         as r(set_number text, name text, theme text, year_released smallint, metadata jsonb)
     ), written as (
       insert into minifigures as m (set_number, name, theme, year_released, metadata)
       select set_number, name, theme, year_released, metadata from input
       on conflict (set_number) do update set
         name = excluded.name,
         theme = excluded.theme,
         year_released = excluded.year_released,
         metadata = m.metadata || excluded.metadata,
         updated_at = now()
       where (m.name, m.theme, m.year_released) is distinct from
             (excluded.name, excluded.theme, excluded.year_released)
          or not (m.metadata @> excluded.metadata)
       returning (xmax = 0) as inserted
     )
     select count(*) filter (where inserted) as inserted,
            count(*) filter (where not inserted) as updated
     from written`,
    [payload],
  );
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: figures.length - inserted - updated };
}

/**
 * Refreshes planner statistics and flushes the GIN pending lists after a bulk write. Without it,
 * freshly imported rows sit in the trigram index's pending list and the planner rightly prices
 * the index too high, falling back to a sequential scan a hundred times slower.
 */
export async function vacuumAnalyzeMinifigures(em: EntityManager): Promise<void> {
  await query(em, 'vacuum analyze minifigures');
}
