import { isRetentionInterval } from '../config.js';
import {
  addRetentionPolicy,
  type ExecuteSql,
  intervalText,
  priceListingsIsHypertable,
  removeRetentionPolicy,
  retentionDropAfter,
  timescaleInstalled,
} from './repositories/retention-policy.js';

export type { ExecuteSql } from './repositories/retention-policy.js';

/** What applyRetentionPolicy found and did. */
export type RetentionResult =
  /** Plain PostgreSQL, or price_listings is not a hypertable: there is nothing a policy could act on. */
  | { action: 'skipped'; reason: 'timescaledb-not-installed' | 'not-a-hypertable' }
  /** No retention wanted and none existed. */
  | { action: 'none' }
  /** The existing policy already drops after the wanted interval. */
  | { action: 'unchanged'; dropAfter: string }
  | { action: 'added'; dropAfter: string }
  | { action: 'replaced'; previous: string; dropAfter: string }
  | { action: 'removed'; previous: string };

/**
 * Throws unless `retention` is undefined or a usable interval. Checked again here, not only in
 * loadConfig, because the value is embedded in SQL: the pattern admits digits, white space and a
 * unit word only.
 */
export function assertRetentionInterval(retention: string | undefined): void {
  if (retention !== undefined && !isRetentionInterval(retention)) {
    throw new Error(`Invalid retention interval ${JSON.stringify(retention)}: expected e.g. '5 years'`);
  }
}

/**
 * Makes TimescaleDB's retention policy on price_listings match PRICE_RETENTION. Retention stays off
 * unless configured ("price data is never deleted"): with `retention` undefined any existing policy is
 * removed, otherwise exactly one policy dropping chunks older than `retention` is left in place.
 *
 * Two statements may run (remove, then add); call it inside a transaction so a change is atomic.
 */
export async function applyRetentionPolicy(
  execute: ExecuteSql,
  retention: string | undefined,
): Promise<RetentionResult> {
  assertRetentionInterval(retention);

  if (!(await timescaleInstalled(execute))) return { action: 'skipped', reason: 'timescaledb-not-installed' };
  if (!(await priceListingsIsHypertable(execute))) return { action: 'skipped', reason: 'not-a-hypertable' };
  const previous = await retentionDropAfter(execute);

  if (retention === undefined) {
    if (previous === undefined) return { action: 'none' };
    await removeRetentionPolicy(execute);
    return { action: 'removed', previous };
  }

  const dropAfter = await intervalText(execute, retention);
  if (previous === dropAfter) return { action: 'unchanged', dropAfter };
  if (previous !== undefined) await removeRetentionPolicy(execute);
  await addRetentionPolicy(execute, retention);
  return previous === undefined
    ? { action: 'added', dropAfter }
    : { action: 'replaced', previous, dropAfter };
}
