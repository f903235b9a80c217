/**
 * Benchmark data for the set and collection commands: sets with inventories of catalogue figures,
 * and a watchlist of many figures, written through the same repositories the product uses.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../src/core/figure.js';
import { storeInventory } from '../../src/db/repositories/set-inventories.js';
import { importWatchItems } from '../../src/db/repositories/watchlist.js';

/** Gives the first `sets` catalogue sets an inventory of `figuresPerSet` distinct figures each; returns their numbers. */
export async function seedInventories(
  em: EntityManager,
  figures: FigureRef[],
  opts: { sets: number; figuresPerSet: number; pick: <T>(xs: readonly T[]) => T; now: Date },
): Promise<string[]> {
  const sets = await em
    .getConnection()
    .execute<{ setNo: string }[]>(
      `select set_no as "setNo" from sets where set_no = number || '-1' order by year_released desc nulls last, set_no limit ?`,
      [opts.sets],
    );
  for (const { setNo } of sets) {
    const chosen = new Map<string, FigureRef>();
    while (chosen.size < opts.figuresPerSet) {
      const f = opts.pick(figures);
      chosen.set(f.itemNo, f);
    }
    await storeInventory(
      em,
      setNo,
      [...chosen.values()].map((f, i) => ({ itemNo: f.itemNo, quantity: 1 + (i % 3) })),
      opts.now,
    );
  }
  return sets.map((s) => s.setNo);
}

/** A watchlist of `size` figures (both conditions, quantities 1-3, most with a price paid). */
export async function seedWatchlist(
  em: EntityManager,
  user: { platform: string; workspaceId: string; userId: string },
  figures: FigureRef[],
  size: number,
): Promise<void> {
  const rows = figures.slice(0, size).map((f, i) => ({
    line: i + 1,
    minifigureId: f.id,
    condition: i % 2 === 0 ? ('used' as const) : ('new' as const),
    quantity: 1 + (i % 3),
    paid: i % 5 === 0 ? null : { amount: 5 + (i % 40), currency: 'USD', usd: 5 + (i % 40), on: null },
  }));
  await importWatchItems(em, user, rows, size);
}
