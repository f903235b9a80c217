import { SourceError } from '../core/errors.js';
import {
  dropInventoryRequest,
  inventoryKey,
  type SetToFetch,
  storeInventory,
} from '../db/repositories/set-inventories.js';
import type { BrickLinkClient } from '../sources/bricklink/client.js';
import type { JobContext } from './job.js';
import { failureText, isCredentialFailure, type RunLedger } from './source-run.js';

/** An inventory rarely changes: fetched again this long after the last fetch. */
export const INVENTORY_REFETCH_DAYS = 90;
/** After a failed inventory fetch the set is tried again this many minutes later, doubling per failure. */
export const INVENTORY_RETRY_MINUTES = 15;
/**
 * The share of an hourly run's calls that inventories may take (one call each). Prices come
 * first for a price bot; at 208 calls an hour this is ~40 sets an hour, the whole catalogue in
 * about three weeks, and sets asked for in chat do not wait for it (the bricklink-sets job).
 */
export const INVENTORY_SHARE = 0.2;

export interface InventoryTotals {
  sets: number;
  setsDone: number;
  /** Sets whose inventory holds no minifigure at all. */
  setsEmpty: number;
  setErrors: number;
  credentialsRefused: boolean;
}

/**
 * Fetches and stores each set's inventory, one call per set, counting each against the quota
 * through the ledger. A set that fails is logged and retried later with back-off; one BrickLink
 * does not know (404 inside HTTP 200) is no longer asked for. Bad credentials stop at once.
 */
export async function fetchInventories(
  ctx: JobContext,
  client: BrickLinkClient,
  ledger: RunLedger,
  sets: SetToFetch[],
): Promise<InventoryTotals> {
  const { em, log, signal, now } = ctx;
  const totals: InventoryTotals = {
    sets: sets.length,
    setsDone: 0,
    setsEmpty: 0,
    setErrors: 0,
    credentialsRefused: false,
  };
  for (const set of sets) {
    if (signal.aborted) break;
    const callsBefore = client.calls;
    let error: string | undefined;
    try {
      const entries = await client.setMinifigures(set.setNo, signal);
      await storeInventory(em, set.setNo, entries, now);
      totals.setsDone++;
      if (entries.length === 0) totals.setsEmpty++;
    } catch (err) {
      error = failureText(err);
      totals.setErrors++;
      log.warn({ set: set.setNo, err: error }, 'BrickLink set inventory failed; the others carry on');
      if (err instanceof SourceError && err.status === 404 && set.reason === 'asked') {
        await dropInventoryRequest(em, set.setNo);
      }
      totals.credentialsRefused = isCredentialFailure(err);
    }
    await ledger.record(client.calls - callsBefore, {
      key: inventoryKey(set.setNo),
      at: now,
      success: !error,
      error,
    });
    if (totals.credentialsRefused) break;
  }
  return totals;
}
