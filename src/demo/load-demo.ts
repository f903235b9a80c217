import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { importCatalogFile } from '../catalog/import-catalog.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** 932 figures from BrickLink's catalogue download: those with a real USD price guide below. */
export const SAMPLE_CATALOG = path.join(HERE, 'sample-catalog.txt');
/** Real BrickLink price-guide summaries (USD, new/used) cached in April 2026; see src/demo/README.md. */
const PRICE_LEVELS = path.join(HERE, 'demo-price-levels.csv');

/** Every demo listing carries this in raw_data, so replies can say "demo data" and it can be retired. */
export const DEMO_MARKER = { demo: true } as const;
const DAYS = 90;

export interface DemoLoadResult {
  catalogImported: number;
  listingsInserted: number;
}

/**
 * First-run demo: when the catalogue is empty it imports the bundled sample; when there are no
 * listings at all it writes 90 days of listings around real BrickLink price levels (sold near the
 * 6-month sold average, asking near the stock average and never under the stock minimum), with a
 * per-figure drift so that movers and charts have something to show. Deterministic (fixed seed).
 * It never touches a database that already holds real listings.
 */
export async function loadDemoData(em: EntityManager, now: Date): Promise<DemoLoadResult> {
  const conn = em.getConnection();
  const [{ figures, listings }] = (await conn.execute(
    `select (select count(*) from minifigures) as figures, (select count(*) from price_listings) as listings`,
  )) as [{ figures: string; listings: string }];
  let catalogImported = 0;
  if (Number(figures) === 0) catalogImported = (await importCatalogFile(em, SAMPLE_CATALOG)).inserted;
  if (Number(listings) > 0) return { catalogImported, listingsInserted: 0 };

  const levels = parse(await readFile(PRICE_LEVELS, 'utf8'), { columns: true }) as Record<string, string>[];
  const payload = JSON.stringify(
    levels.map((l) => ({
      item_no: l.item_no,
      condition: l.condition,
      sold: Number(l.sold_6mo_qty_avg) || Number(l.stock_qty_avg),
      stock: Number(l.stock_qty_avg) || Number(l.sold_6mo_qty_avg),
      stock_min: Number(l.stock_min) || 0,
    })),
  );
  const inserted = await em.transactional(async (tx) => {
    const c = tx.getConnection();
    // setseed makes random() repeatable for the rest of this transaction's session.
    await c.execute('select setseed(0.4242)');
    const rows = await c.execute<{ n: string }[]>(
      `with levels as (
         select l.*, m.id as minifigure_id,
                (abs(hashtext(l.item_no)) % 61 - 30) / 100.0 as drift
         from jsonb_to_recordset(?::jsonb) as l(item_no text, condition text, sold numeric, stock numeric, stock_min numeric)
         join minifigures m on m.set_number = l.item_no
       ), draws as (
         select l.*, d, k, random() as r_time, random() as r_price, random() as r_keep
         from levels l
         cross join generate_series(0, ${DAYS - 1}) d
         cross join (values ('sold'), ('asking')) as k(k)
       ), src as (
         select (select id from data_sources where name = 'BrickLink') as bricklink,
                (select id from data_sources where name = 'eBay') as ebay
       ), inserted as (
         insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
                                     price_usd, original_price, original_currency, exchange_rate, confidence_score,
                                     raw_data)
         select ?::timestamptz - make_interval(days => d) - r_time * interval '20 hours',
                minifigure_id,
                case when k = 'sold' or d % 3 = 0 then src.bricklink else src.ebay end,
                'demo:' || item_no || ':' || condition || ':' || k || ':' || d,
                k, condition, 1, p, p, 'USD', 1, 1, ?::jsonb
         from draws cross join src
         cross join lateral (
           -- The level drifts linearly to (1 + drift) over the window; noise is about ±15%.
           select round(greatest(
                    case when k = 'asking' then stock_min else 0.01 end,
                    (case when k = 'sold' then sold else stock end)
                      * (1 + drift * (${DAYS} - d) / ${DAYS}.0 - drift)
                      * exp((r_price - 0.5) * 0.3)
                  )::numeric, 2) as p
         ) price
         where r_keep < case when k = 'sold' then 0.6 else 0.4 end
         on conflict do nothing
         returning 1
       )
       select count(*) as n from inserted`,
      [payload, now.toISOString(), JSON.stringify(DEMO_MARKER)],
    );
    return Number(rows[0]?.n ?? 0);
  });
  return { catalogImported, listingsInserted: inserted };
}

/** True while the database holds demo listings that are not superseded: replies then say so. */
export async function hasDemoData(em: EntityManager): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute(`select 1 from price_listings where raw_data @> ?::jsonb and superseded_at is null limit 1`, [
      JSON.stringify(DEMO_MARKER),
    ]);
  return rows.length > 0;
}

/** Retires the demo listings once real prices arrive: they are marked superseded, never deleted. */
export async function retireDemoData(em: EntityManager, now: Date): Promise<number> {
  const rows = await em.getConnection().execute<{ n: string }[]>(
    `with retired as (
         update price_listings set superseded_at = ?
         where raw_data @> ?::jsonb and superseded_at is null
         returning 1
       ) select count(*) as n from retired`,
    [now.toISOString(), JSON.stringify(DEMO_MARKER)],
  );
  return Number(rows[0]?.n ?? 0);
}
