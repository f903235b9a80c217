import type { EntityManager } from '@mikro-orm/postgresql';
import { SourceError } from '../../core/errors.js';
import {
  dropInventoryRequest,
  inventoryKey,
  type SetToFetch,
  setsToFetchInventory,
  storeInventory,
} from '../../db/repositories/set-inventories.js';
import type { JobSummary } from '../../jobs/job.js';
import type { SourceRequest } from '../source.js';
import type { InventoryEntry } from './subsets.js';

/** An inventory rarely changes: fetched again this long after the last fetch. */
const INVENTORY_REFETCH_DAYS = 90;
/** After a failed inventory fetch the set is tried again this many minutes later, doubling per failure. */
const INVENTORY_RETRY_MINUTES = 15;
/**
 * The share of an hourly run's calls that inventories may take (one call each). Prices come
 * first for a price bot; at 208 calls an hour this is ~40 sets an hour, the whole catalogue in
 * about three weeks, and sets asked for in chat do not wait for it (the bricklink-sets job).
 */
const INVENTORY_SHARE = 0.2;

/** One set's inventory: one call, stored as the set's figures with their quantities. */
export interface InventoryRequest extends SourceRequest {
  kind: 'set';
  set: SetToFetch;
}

/** The sets whose inventory this run fetches: asked for in chat first, then wanted, then the catalogue. */
export async function planInventories(
  em: EntityManager,
  p: { sourceId: number; now: Date; calls: number; askedOnly: boolean },
): Promise<InventoryRequest[]> {
  const sets = await setsToFetchInventory(em, {
    sourceId: p.sourceId,
    now: p.now,
    limit: p.askedOnly ? p.calls : Math.floor(p.calls * INVENTORY_SHARE),
    refetchAfterDays: INVENTORY_REFETCH_DAYS,
    retryFailedAfterMinutes: INVENTORY_RETRY_MINUTES,
    askedOnly: p.askedOnly,
  });
  return sets.map((set) => ({
    kind: 'set',
    set,
    key: inventoryKey(set.setNo),
    about: { set: set.setNo },
    what: 'set inventory',
  }));
}

/** Counts of the inventories of one run, in the summary's words. */
export class InventoryTotals {
  sets = 0;
  setsDone = 0;
  /** Sets whose inventory holds no minifigure at all. */
  setsEmpty = 0;
  setErrors = 0;

  async store(em: EntityManager, request: InventoryRequest, entries: InventoryEntry[], now: Date) {
    await storeInventory(em, request.set.setNo, entries, now);
    if (entries.length === 0) this.setsEmpty++;
  }

  /** A set BrickLink does not know (404 inside HTTP 200) is no longer asked for. */
  async failed(em: EntityManager, request: InventoryRequest, err: unknown): Promise<void> {
    if (err instanceof SourceError && err.status === 404 && request.set.reason === 'asked') {
      await dropInventoryRequest(em, request.set.setNo);
    }
  }

  settled(error: string | undefined): void {
    if (error) this.setErrors++;
    else this.setsDone++;
  }

  summary(): JobSummary {
    return { sets: this.sets, setsDone: this.setsDone, setsEmpty: this.setsEmpty, setErrors: this.setErrors };
  }
}
