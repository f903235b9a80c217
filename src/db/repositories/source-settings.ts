import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface SourceSettings {
  id: number;
  isActive: boolean;
  rateLimitPerHour: number | null;
  rateLimitPerDay: number | null;
  /** Operator-editable settings of the source (e.g. LEGO's product mapping). */
  metadata: Record<string, unknown>;
}

/** A source's pacing and metadata; null when the source is not seeded. */
export async function sourceSettings(em: EntityManager, name: string): Promise<SourceSettings | null> {
  const rows = await query<SourceSettings[]>(
    em,
    `select id, is_active as "isActive", rate_limit_per_hour as "rateLimitPerHour",
            rate_limit_per_day as "rateLimitPerDay", metadata
     from data_sources where name = ?`,
    [name],
  );
  return rows[0] ?? null;
}

/** Merges `patch` into a source's metadata (top-level keys), keeping the rest. */
export async function mergeSourceMetadata(
  em: EntityManager,
  name: string,
  patch: Record<string, unknown>,
): Promise<void> {
  await query(em, 'update data_sources set metadata = metadata || ?::jsonb where name = ?', [
    JSON.stringify(patch),
    name,
  ]);
}
