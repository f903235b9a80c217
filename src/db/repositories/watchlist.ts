import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type { Condition } from '../../deps.js';
import { WatchlistEntry } from '../entities/watchlist-entry.js';
import { type ChatUserKey, figureRefOf, lockChatUser, userWhere } from './alerts.js';
import { query } from './analytics-sql.js';

/**
 * A price paid per figure as it was given, in its currency (like an alert's threshold), with its
 * USD amount at the ECB rate of the day it was given.
 */
export interface PaidPrice {
  amount: number;
  currency: string;
  /** `amount` in USD at the rate of `on` (the amount itself when it is USD). */
  usd: number;
  /** The UTC day (YYYY-MM-DD) it was given; null for prices stored before currencies (USD). */
  on: string | null;
}

export interface WatchItem {
  figure: FigureRef;
  condition: Condition;
  quantity: number | null;
  paid: PaidPrice | null;
  addedAt: Date;
}

/** A figure to watch: quantity and price paid null keep what is stored. */
export interface WatchAddItem {
  minifigureId: string;
  condition: Condition;
  quantity: number | null;
  paid: PaidPrice | null;
}

/** The same price: the same amount in the same currency (whatever day it was given). */
function samePaid(stored: { pricePaid?: number | null; paidCurrency: string }, paid: PaidPrice): boolean {
  return stored.pricePaid === paid.amount && stored.paidCurrency === paid.currency;
}

/** The entity's columns for a price paid. */
function paidColumns(paid: PaidPrice) {
  return { pricePaid: paid.amount, paidCurrency: paid.currency, pricePaidUsd: paid.usd, paidOn: paid.on };
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
  item: WatchAddItem,
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
      // Null keeps what is stored; so does the same price given again (its day and rate stay).
      if (item.quantity !== null) here.quantity = item.quantity;
      if (item.paid !== null && !samePaid(here, item.paid)) Object.assign(here, paidColumns(item.paid));
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
      ...(item.paid ? paidColumns(item.paid) : {}),
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
    paid:
      w.pricePaid === null || w.pricePaid === undefined
        ? null
        : {
            amount: w.pricePaid,
            currency: w.paidCurrency,
            usd: w.pricePaidUsd ?? w.pricePaid,
            on: w.paidOn ?? null,
          },
    addedAt: w.createdAt,
  }));
}

/** A row to import: a catalogue figure, its condition, quantity and price paid (null: keep what is stored). */
export interface WatchImportRow {
  line: number;
  minifigureId: string;
  condition: Condition;
  quantity: number;
  paid: PaidPrice | null;
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
      {
        fields: ['minifigure', 'condition', 'quantity', 'pricePaid', 'paidCurrency'],
        disableIdentityMap: true,
      },
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
      const paidKept = r.paid === null || samePaid(before, r.paid);
      if ((before.quantity ?? 1) === r.quantity && paidKept) result.unchanged.push(r.line);
      else {
        result.updated.push(r.line);
        // The same price again keeps the day and rate it was stored with: only the quantity changes.
        writes.push(paidKept ? { ...r, paid: null } : r);
      }
    }
    if (writes.length > 0) {
      await query(
        tx,
        `insert into watchlist_items
           (user_id, minifigure_id, condition, quantity, price_paid, paid_currency, price_paid_usd, paid_on)
         select ?, r.minifigure_id, r.condition, r.quantity, r.paid, coalesce(r.currency, 'USD'), r.paid_usd, r.paid_on
         from jsonb_to_recordset(?::jsonb)
           as r(minifigure_id uuid, condition text, quantity int, paid numeric, currency text, paid_usd numeric, paid_on date)
         on conflict (user_id, minifigure_id, condition) do update
           set quantity = excluded.quantity,
               price_paid = coalesce(excluded.price_paid, watchlist_items.price_paid),
               paid_currency = case when excluded.price_paid is null then watchlist_items.paid_currency
                                    else excluded.paid_currency end,
               price_paid_usd = coalesce(excluded.price_paid_usd, watchlist_items.price_paid_usd),
               paid_on = case when excluded.price_paid is null then watchlist_items.paid_on
                              else excluded.paid_on end`,
        [
          userRowId,
          JSON.stringify(
            writes.map((w) => ({
              minifigure_id: w.minifigureId,
              condition: w.condition,
              quantity: w.quantity,
              paid: w.paid?.amount ?? null,
              currency: w.paid?.currency ?? null,
              paid_usd: w.paid?.usd ?? null,
              paid_on: w.paid?.on ?? null,
            })),
          ),
        ],
      );
    }
    return result;
  });
}
