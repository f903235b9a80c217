import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type { Condition } from '../../deps.js';
import { type ChatUserKey, ensureChatUser } from './alerts.js';
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
 * At most `limit` items per user.
 */
export async function addWatchItem(
  em: EntityManager,
  user: ChatUserKey,
  item: { minifigureId: string; condition: Condition; quantity: number | null; pricePaid: number | null },
  limit: number,
): Promise<WatchAddResult> {
  return em.transactional(async (tx) => {
    const userRowId = await ensureChatUser(tx, user);
    await query(tx, 'select id from chat_users where id = ? for update', [userRowId]);
    const [count] = await query<{ n: number; here: boolean }[]>(
      tx,
      `select count(*)::int as n, bool_or(minifigure_id = ? and condition = ?) as here
       from watchlist_items where user_id = ?`,
      [item.minifigureId, item.condition, userRowId],
    );
    if (!count?.here && (count?.n ?? 0) >= limit) return { limitReached: count?.n ?? limit };
    const [row] = await query<{ inserted: boolean }[]>(
      tx,
      `insert into watchlist_items (user_id, minifigure_id, condition, quantity, price_paid_usd)
       values (?, ?, ?, ?, ?)
       on conflict (user_id, minifigure_id, condition) do update
         set quantity = coalesce(excluded.quantity, watchlist_items.quantity),
             price_paid_usd = coalesce(excluded.price_paid_usd, watchlist_items.price_paid_usd)
       returning (xmax = 0) as inserted`,
      [userRowId, item.minifigureId, item.condition, item.quantity, item.pricePaid],
    );
    return { added: row?.inserted ?? false };
  });
}

/** Removes a figure from the watchlist (one condition, or both when `condition` is undefined). */
export async function removeWatchItem(
  em: EntityManager,
  user: ChatUserKey,
  minifigureId: string,
  condition?: Condition,
): Promise<number> {
  const rows = await query<{ id: string }[]>(
    em,
    `delete from watchlist_items w using chat_users u
     where w.user_id = u.id and u.platform = ? and u.workspace_id = ? and u.user_id = ?
       and w.minifigure_id = ? ${condition ? 'and w.condition = ?' : ''}
     returning w.id`,
    [user.platform, user.workspaceId, user.userId, minifigureId, ...(condition ? [condition] : [])],
  );
  return rows.length;
}

export async function listWatchItems(em: EntityManager, user: ChatUserKey): Promise<WatchItem[]> {
  const rows = await query<
    {
      id: string;
      itemNo: string;
      name: string;
      theme: string | null;
      year: number | null;
      condition: Condition;
      quantity: number | null;
      pricePaid: string | null;
      addedAt: Date;
    }[]
  >(
    em,
    `select f.id, f.set_number as "itemNo", f.name, f.theme, f.year_released as year, w.condition, w.quantity,
            w.price_paid_usd as "pricePaid", w.created_at as "addedAt"
     from watchlist_items w join chat_users u on u.id = w.user_id join minifigures f on f.id = w.minifigure_id
     where u.platform = ? and u.workspace_id = ? and u.user_id = ?
     order by f.set_number, w.condition`,
    [user.platform, user.workspaceId, user.userId],
  );
  return rows.map((r) => ({
    figure: { id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year },
    condition: r.condition,
    quantity: r.quantity,
    pricePaid: r.pricePaid === null ? null : Number(r.pricePaid),
    addedAt: new Date(r.addedAt),
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
    const userRowId = await ensureChatUser(tx, user);
    await query(tx, 'select id from chat_users where id = ? for update', [userRowId]);
    const existing = await query<
      { minifigureId: string; condition: Condition; quantity: number | null; pricePaid: string | null }[]
    >(
      tx,
      `select minifigure_id as "minifigureId", condition, quantity, price_paid_usd as "pricePaid"
       from watchlist_items where user_id = ?`,
      [userRowId],
    );
    const stored = new Map(existing.map((e) => [`${e.minifigureId}:${e.condition}`, e]));
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
      const samePaid =
        r.pricePaid === null || (before.pricePaid !== null && Number(before.pricePaid) === r.pricePaid);
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
