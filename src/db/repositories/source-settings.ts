import type { EntityManager } from '@mikro-orm/postgresql';
import { DataSource } from '../entities/data-source.js';
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
  // Past the identity map: an operator may have edited the row since this EntityManager read it.
  const found = await em.findOne(DataSource, { name }, { disableIdentityMap: true });
  if (!found) return null;
  return {
    id: found.id,
    isActive: found.isActive,
    rateLimitPerHour: found.rateLimitPerHour ?? null,
    rateLimitPerDay: found.rateLimitPerDay ?? null,
    metadata: found.metadata,
  };
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
