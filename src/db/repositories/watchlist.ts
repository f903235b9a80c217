import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type { Condition } from '../../deps.js';
import { WatchlistEntry } from '../entities/watchlist-entry.js';
import { type ChatUserKey, figureRefOf, lockChatUser, userWhere } from './alerts.js';
import { query } from './analytics-sql.js';

export interface WatchItem {
  figure: FigureRef;
  condition: Condition;
  quantity: number | null;
  /** Price paid per figure, in USD. */
  pricePaid: number | null;
  addedAt: Date;
}

export type WatchAddResult = { added: boolean } | { limitReached: number };

/**
 * Adds a figure (or updates quantity and price paid when it is already watched in that condition).
 * At most `limit` items per user. The user's row is locked for the check and the write, so two
 * adds (or an add and an import) at once cannot both take the last slot.
 */
export async function addWatchItem(
  em: EntityManager,
  user: ChatUserKey,
  item: { minifigureId: string; condition: Condition; quantity: number | null; pricePaid: number | null },
  limit: number,
): Promise<WatchAddResult> {
  return em.transactional(async (tx) => {
    const userRowId = await lockChatUser(tx, user);
    const here = await tx.findOne(
      WatchlistEntry,
      { user: userRowId, minifigure: item.minifigureId, condition: item.condition },
      { refresh: true },
    );
    if (here) {
      // Null keeps what is stored.
      if (item.quantity !== null) here.quantity = item.quantity;
      if (item.pricePaid !== null) here.pricePaidUsd = item.pricePaid;
      await tx.flush();
      return { added: false };
    }
    const count = await tx.count(WatchlistEntry, { user: userRowId });
    if (count >= limit) return { limitReached: count };
    tx.create(WatchlistEntry, {
      user: userRowId,
      minifigure: item.minifigureId,
      condition: item.condition,
      quantity: item.quantity,
      pricePaidUsd: item.pricePaid,
    });
    await tx.flush();
    return { added: true };
  });
}

/** Removes a figure from the watchlist (one condition, or both when `condition` is undefined). */
export async function removeWatchItem(
  em: EntityManager,
  user: ChatUserKey,
  minifigureId: string,
  condition?: Condition,
): Promise<number> {
  return em.nativeDelete(WatchlistEntry, {
    user: userWhere(user),
    minifigure: minifigureId,
    ...(condition ? { condition } : {}),
  });
}

export async function listWatchItems(em: EntityManager, user: ChatUserKey): Promise<WatchItem[]> {
  const rows = await em.find(
    WatchlistEntry,
    { user: userWhere(user) },
    {
      populate: ['minifigure'],
      orderBy: [{ minifigure: { setNumber: 'asc' } }, { condition: 'asc' }],
      disableIdentityMap: true,
    },
  );
  return rows.map((w) => ({
    figure: figureRefOf(w.minifigure.$),
    condition: w.condition,
    quantity: w.quantity ?? null,
    pricePaid: w.pricePaidUsd ?? null,
    addedAt: w.createdAt,
  }));
}

/** A row to import: a catalogue figure, its condition, quantity and price paid (null: keep what is stored). */
export interface WatchImportRow {
  line: number;
  minifigureId: string;
  condition: Condition;
  quantity: number;
  pricePaid: number | null;
}

export interface WatchImportResult {
  added: number[];
  updated: number[];
  unchanged: number[];
  /** Lines not added because the watchlist is full. */
  overLimit: number[];
}

/**
 * Imports rows into a user's watchlist in one transaction: new figures are added (while the
 * watchlist has room), watched ones get the file's quantity and price paid; a row that matches
 * what is stored changes nothing, so importing the same file twice changes nothing the second time.
 */
export async function importWatchItems(
  em: EntityManager,
  user: ChatUserKey,
  rows: WatchImportRow[],
  limit: number,
): Promise<WatchImportResult> {
  return em.transactional(async (tx) => {
    const userRowId = await lockChatUser(tx, user);
    const existing = await tx.find(
      WatchlistEntry,
      { user: userRowId },
      { fields: ['minifigure', 'condition', 'quantity', 'pricePaidUsd'], disableIdentityMap: true },
    );
    const stored = new Map(existing.map((e) => [`${e.minifigure.id}:${e.condition}`, e]));
    const result: WatchImportResult = { added: [], updated: [], unchanged: [], overLimit: [] };
    let count = existing.length;
    const writes: WatchImportRow[] = [];
    for (const r of rows) {
      const before = stored.get(`${r.minifigureId}:${r.condition}`);
      if (!before) {
        if (count >= limit) {
          result.overLimit.push(r.line);
          continue;
        }
        count++;
        result.added.push(r.line);
        writes.push(r);
        continue;
      }
      const samePaid = r.pricePaid === null || (before.pricePaidUsd ?? null) === r.pricePaid;
      if ((before.quantity ?? 1) === r.quantity && samePaid) result.unchanged.push(r.line);
      else {
        result.updated.push(r.line);
        writes.push(r);
      }
    }
    if (writes.length > 0) {
      await query(
        tx,
        `insert into watchlist_items (user_id, minifigure_id, condition, quantity, price_paid_usd)
         select ?, r.minifigure_id, r.condition, r.quantity, r.paid
         from jsonb_to_recordset(?::jsonb) as r(minifigure_id uuid, condition text, quantity int, paid numeric)
         on conflict (user_id, minifigure_id, condition) do update
           set quantity = excluded.quantity,
               price_paid_usd = coalesce(excluded.price_paid_usd, watchlist_items.price_paid_usd)`,
        [
          userRowId,
          JSON.stringify(
            writes.map((w) => ({
              minifigure_id: w.minifigureId,
              condition: w.condition,
              quantity: w.quantity,
              paid: w.pricePaid,
            })),
          ),
        ],
      );
    }
    return result;
  });
}
