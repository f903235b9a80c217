import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type { SetEntry } from '../../deps.js';
import type { InventoryEntry } from '../../sources/bricklink/subsets.js';
import { query } from './analytics-sql.js';
import { interestSql } from './fetch-state.js';

/** source_fetch_state keys for set inventories, apart from the figures' item numbers. */
export const inventoryKey = (setNo: string): string => `SET:${setNo}`;

export type InventoryReason = 'asked' | 'wanted' | 'catalogue';

export interface SetToFetch {
  setNo: string;
  reason: InventoryReason;
}

export interface InventoryPolicy {
  sourceId: number;
  now: Date;
  limit: number;
  /** An inventory rarely changes: it is fetched again this many days after the last fetch. */
  refetchAfterDays: number;
  /** After a failed fetch, the set is tried again after this many minutes, doubling per failure. */
  retryFailedAfterMinutes: number;
  /** Only the sets asked for in chat (the frequent run). */
  askedOnly?: boolean;
}

/**
 * The sets whose inventories to fetch next, most wanted first: sets asked for in chat; then sets
 * holding a watched or alerted figure (by their known inventory, or a figure's related_sets);
 * then the rest, newest first. A set is due when it was never fetched or its inventory is older
 * than the refetch period; a set that failed waits out its back-off (up to a day).
 */
export async function setsToFetchInventory(em: EntityManager, p: InventoryPolicy): Promise<SetToFetch[]> {
  if (p.limit <= 0) return [];
  const interest = p.askedOnly ? 'select null::uuid as minifigure_id where false' : await interestSql(em);
  return query<SetToFetch[]>(
    em,
    `with wanted_figures as (select distinct minifigure_id from (${interest}) i),
     wanted_sets as (
       select sm.set_no from set_minifigures sm join wanted_figures w on w.minifigure_id = sm.minifigure_id
       union
       select s.set_no from wanted_figures w
         join minifigures m on m.id = w.minifigure_id
         cross join lateral jsonb_array_elements_text(
           case when jsonb_typeof(m.metadata->'related_sets') = 'array' then m.metadata->'related_sets' else '[]' end
         ) r(number)
         join sets s on s.set_no = r.number or (s.number = r.number and s.set_no = r.number || '-1')
     ),
     candidates as (
       select s.set_no, s.year_released,
              case when s.inventory_requested_at is not null then 'asked'
                   when w.set_no is not null then 'wanted'
                   else 'catalogue' end as reason
       from sets s
       left join wanted_sets w on w.set_no = s.set_no
       left join source_fetch_state f on f.source_id = ? and f.item_key = 'SET:' || s.set_no
       where (s.inventory_requested_at is not null
              or s.inventory_fetched_at is null
              or s.inventory_fetched_at < ?::timestamptz - make_interval(days => ?))
         and (? = false or s.inventory_requested_at is not null)
         and (f.consecutive_failures is null or f.consecutive_failures = 0
              or f.last_attempt_at + least(interval '1 day',
                   make_interval(mins => ?::int) * power(2, least(f.consecutive_failures - 1, 16))) <= ?)
     )
     select set_no as "setNo", reason from candidates
     order by case reason when 'asked' then 0 when 'wanted' then 1 else 2 end,
              year_released desc nulls last, set_no
     limit ?`,
    [p.sourceId, p.now, p.refetchAfterDays, p.askedOnly ?? false, p.retryFailedAfterMinutes, p.now, p.limit],
  );
}

/**
 * Replaces a set's inventory with what BrickLink just reported, and stamps the fetch (an empty
 * inventory is a fetched one). Entries are linked to catalogue figures by item number, any case;
 * an item the catalogue does not know keeps its number and no figure.
 */
export async function storeInventory(
  em: EntityManager,
  setNo: string,
  entries: InventoryEntry[],
  fetchedAt: Date,
): Promise<void> {
  await em.transactional(async (tx) => {
    const payload = JSON.stringify(entries.map((e) => ({ item_no: e.itemNo, quantity: e.quantity })));
    await query(
      tx,
      `delete from set_minifigures where set_no = ?
         and item_no not in (select r.item_no from jsonb_to_recordset(?::jsonb) as r(item_no text, quantity int))`,
      [setNo, payload],
    );
    await query(
      tx,
      `insert into set_minifigures (set_no, item_no, minifigure_id, quantity, fetched_at)
       select ?, r.item_no, (select m.id from minifigures m where lower(m.set_number) = lower(r.item_no) limit 1),
              r.quantity, ?
       from jsonb_to_recordset(?::jsonb) as r(item_no text, quantity int)
       on conflict (set_no, item_no) do update set
         minifigure_id = excluded.minifigure_id, quantity = excluded.quantity, fetched_at = excluded.fetched_at`,
      [setNo, fetchedAt, payload],
    );
    await query(
      tx,
      `update sets set inventory_fetched_at = ?, inventory_requested_at = null, updated_at = now()
       where set_no = ?`,
      [fetchedAt, setNo],
    );
  });
}

/** A set asked for in chat: the next frequent run fetches its inventory first. */
export async function requestInventory(em: EntityManager, setNo: string, at: Date): Promise<void> {
  await query(
    em,
    'update sets set inventory_requested_at = coalesce(inventory_requested_at, ?) where set_no = ?',
    [at, setNo],
  );
}

/** Whether any set's inventory is asked for in chat and not fetched yet. */
export async function anyInventoryAsked(em: EntityManager): Promise<boolean> {
  const [row] = await query<{ asked: boolean }[]>(
    em,
    'select exists (select 1 from sets where inventory_requested_at is not null) as asked',
  );
  return row?.asked === true;
}

/** A set that BrickLink refuses for good (unknown there) is no longer asked for. */
export async function dropInventoryRequest(em: EntityManager, setNo: string): Promise<void> {
  await query(em, 'update sets set inventory_requested_at = null where set_no = ?', [setNo]);
}

/**
 * The minifigures of a set by its number ("75192" or "75192-1"), with the catalogue figure of each
 * (null for an item the catalogue lacks): what the set command prices, and what the title matcher
 * can use to narrow "from set 75192" to that set's figures. Null when the set is unknown or its
 * inventory was never fetched.
 */
export async function figuresOfSet(em: EntityManager, setNumber: string): Promise<SetEntry[] | null> {
  const n = setNumber.trim().toLowerCase();
  const rows = await query<
    {
      setNo: string;
      fetched: boolean;
      itemNo: string | null;
      quantity: number | null;
      figure: FigureRef | null;
    }[]
  >(
    em,
    `with the_set as (
       select set_no, inventory_fetched_at is not null as fetched from sets
       where lower(set_no) = ? or (lower(number) = ? and set_no = number || '-1')
       order by (lower(set_no) = ?) desc limit 1
     )
     select t.set_no as "setNo", t.fetched, sm.item_no as "itemNo", sm.quantity,
            case when m.id is null then null else json_build_object(
              'id', m.id, 'itemNo', m.set_number, 'name', m.name, 'theme', m.theme, 'year', m.year_released)
            end as figure
     from the_set t
     left join set_minifigures sm on sm.set_no = t.set_no
     left join minifigures m on m.id = sm.minifigure_id
     order by sm.item_no`,
    [n, n, n],
  );
  if (!rows[0]?.fetched) return null;
  return rows
    .filter((r) => r.itemNo !== null)
    .map((r) => ({ itemNo: r.itemNo as string, quantity: Number(r.quantity), figure: r.figure }));
}

export interface InventoryStats {
  sets: number;
  fetched: number;
  /** Asked for in chat and not fetched yet. */
  waiting: number;
  /** Inventory fetches tried on the UTC day of `at` (each one BrickLink call, retries aside). */
  triedToday: number;
}

/** How far the set inventories are, for the `sources` command. */
export async function inventoryStats(em: EntityManager, at: Date): Promise<InventoryStats> {
  const [row] = await query<Record<keyof InventoryStats, string>[]>(
    em,
    `select (select count(*) from sets) as sets,
            (select count(*) from sets where inventory_fetched_at is not null) as fetched,
            (select count(*) from sets where inventory_requested_at is not null) as waiting,
            (select count(*) from source_fetch_state f join data_sources d on d.id = f.source_id
             where d.name = 'BrickLink' and f.item_key like 'SET:%'
               and f.last_attempt_at >= date_trunc('day', ?::timestamptz at time zone 'UTC') at time zone 'UTC') as "triedToday"`,
    [at],
  );
  return {
    sets: Number(row?.sets ?? 0),
    fetched: Number(row?.fetched ?? 0),
    waiting: Number(row?.waiting ?? 0),
    triedToday: Number(row?.triedToday ?? 0),
  };
}
