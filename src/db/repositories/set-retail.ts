import type { EntityManager } from '@mikro-orm/postgresql';
import type { SetRetail } from '../../sources/brickset/set-retail.js';
import { query } from './analytics-sql.js';

/**
 * Catalogue sets whose Brickset data is missing or older than `maxAgeDays`: sets people look at
 * first (asked for, or with a known inventory), then the newest.
 */
export async function setsForBrickset(
  em: EntityManager,
  opts: { now: Date; maxAgeDays: number; limit: number },
): Promise<string[]> {
  if (opts.limit <= 0) return [];
  const rows = await query<{ setNo: string }[]>(
    em,
    `select set_no as "setNo" from sets
     where coalesce(brickset_fetched_at, '-infinity') < ?::timestamptz - make_interval(days => ?)
     order by (inventory_requested_at is not null or inventory_fetched_at is not null) desc,
              year_released desc nulls last, set_no
     limit ?`,
    [opts.now, opts.maxAgeDays, opts.limit],
  );
  return rows.map((r) => r.setNo);
}

/**
 * Stores what Brickset said about the sets asked for. A set Brickset does not know is stamped too
 * (with nothing changed), so it is asked again only after the refresh period.
 */
export async function storeSetRetail(
  em: EntityManager,
  asked: string[],
  found: SetRetail[],
  at: Date,
): Promise<number> {
  if (asked.length === 0) return 0;
  const byNo = new Map(found.map((f) => [f.setNo, f]));
  const payload = JSON.stringify(
    asked.map((setNo) => {
      const f = byNo.get(setNo);
      return {
        set_no: setNo,
        found: f !== undefined,
        retail_usd: f?.retailUsd ?? null,
        retail_gbp: f?.retailGbp ?? null,
        retail_eur: f?.retailEur ?? null,
        launch_date: f?.launchDate ?? null,
        exit_date: f?.exitDate ?? null,
      };
    }),
  );
  const rows = await query<{ n: string }[]>(
    em,
    `with updated as (
       update sets s set
         retail_usd = case when r.found then r.retail_usd else s.retail_usd end,
         retail_gbp = case when r.found then r.retail_gbp else s.retail_gbp end,
         retail_eur = case when r.found then r.retail_eur else s.retail_eur end,
         launch_date = case when r.found then r.launch_date else s.launch_date end,
         exit_date = case when r.found then r.exit_date else s.exit_date end,
         brickset_fetched_at = ?, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as r(set_no text, found boolean, retail_usd numeric, retail_gbp numeric,
                                               retail_eur numeric, launch_date date, exit_date date)
       where s.set_no = r.set_no
       returning r.found
     ) select count(*) filter (where found) as n from updated`,
    [at, payload],
  );
  return Number(rows[0]?.n ?? 0);
}
