import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';
import { type SourceQuota, sourceQuota } from './fetch-state.js';

export interface SourceRowDefaults {
  apiType: 'API' | 'SCRAPE';
  perHour: number | null;
  perDay: number | null;
}

/**
 * A source's data_sources row, written with the source's own defaults the first time it runs, so
 * that a new source needs no migration. An existing row is never changed: operators tune the
 * quotas and switch sources off there.
 */
export async function registerSource(
  em: EntityManager,
  name: string,
  defaults: SourceRowDefaults,
): Promise<SourceQuota> {
  await query(
    em,
    `insert into data_sources (name, api_type, rate_limit_per_hour, rate_limit_per_day)
     values (?, ?, ?, ?) on conflict (name) do nothing`,
    [name, defaults.apiType, defaults.perHour, defaults.perDay],
  );
  const row = await sourceQuota(em, name);
  if (!row) throw new Error(`data source "${name}" could not be registered`);
  return row;
}
