import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface FigureSets {
  id: string;
  setNumber: string;
  relatedSets: string[];
}

/**
 * Figures that name the sets they come in (metadata.related_sets, filled by listings that say
 * "from set 75192" or by an operator) and have no Brickset data younger than `maxAgeDays`,
 * never-enriched first.
 */
export async function figuresToEnrich(
  em: EntityManager,
  opts: { now: Date; maxAgeDays: number; limit: number },
): Promise<FigureSets[]> {
  const rows = await query<{ id: string; setNumber: string; relatedSets: unknown }[]>(
    em,
    `select id, set_number as "setNumber", metadata->'related_sets' as "relatedSets"
     from minifigures
     where jsonb_typeof(metadata->'related_sets') = 'array'
       and jsonb_array_length(metadata->'related_sets') > 0
       and coalesce((metadata->'brickset'->>'fetched_at')::timestamptz, '-infinity') < ?::timestamptz - make_interval(days => ?)
     order by (metadata->'brickset'->>'fetched_at')::timestamptz nulls first, set_number
     limit ?`,
    [opts.now.toISOString(), opts.maxAgeDays, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    setNumber: r.setNumber,
    relatedSets: (Array.isArray(r.relatedSets) ? r.relatedSets : []).map(String),
  }));
}

/** Merges each figure's patch into its metadata in one statement; other keys are kept. */
export async function mergeFigureMetadata(
  em: EntityManager,
  patches: { id: string; patch: Record<string, unknown> }[],
): Promise<number> {
  if (patches.length === 0) return 0;
  const rows = await query<{ n: string }[]>(
    em,
    `with updated as (
       update minifigures m set metadata = m.metadata || r.patch, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as r(id uuid, patch jsonb)
       where m.id = r.id
       returning 1
     ) select count(*) as n from updated`,
    [JSON.stringify(patches)],
  );
  return Number(rows[0]?.n ?? 0);
}
