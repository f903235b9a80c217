import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findSourceByName } from '../../../src/db/repositories/data-sources.js';
import { insertPriceListings, type ListingRow } from '../../../src/db/repositories/price-listings-bulk.js';
import { withRawClient } from '../../../src/db/repositories/raw-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { count, seedFigures } from '../../support/ingest-fixtures.js';

const LISTINGS = 'select count(*) as n from price_listings';

describe('insertPriceListings (unnest on the raw pg client)', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let figures: Map<string, string>;
  let sourceId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    figures = await seedFigures(em, ['sw0001a', 'sw0002', 'sw0004']);
    sourceId = (await findSourceByName(em, 'BrickLink'))?.id as number;
  });
  afterAll(() => db?.drop());
  beforeEach(async () => {
    await em.getConnection().execute('truncate price_listings');
  });

  /** New rows and duplicates, as the ingest pipeline counts them. */
  async function write(on: EntityManager, source: number, rows: ListingRow[]) {
    const inserted = await withRawClient(on, (client) => insertPriceListings(client, source, rows));
    return { inserted, duplicates: rows.length - inserted };
  }

  function batch(n: number, prefix = 'ord-'): ListingRow[] {
    const ids = [...figures.values()];
    return Array.from({ length: n }, (_, i) => ({
      timestamp: new Date(Date.UTC(2025, 3, 1 + (i % 28), 12, i % 60)),
      minifigureId: ids[i % ids.length] as string,
      externalId: `${prefix}${i}`,
      kind: i % 2 ? 'sold' : 'asking',
      condition: i % 3 ? 'used' : 'new',
      quantity: 1 + (i % 4),
      priceUsd: `${10 + i}.1234`,
      originalPrice: `${10 + i}.1234`,
      currency: 'USD',
      exchangeRate: '1',
      confidence: '1.000',
      rawJson: JSON.stringify({ unit_price: `${10 + i}.1234`, note: 'quote \' " \\ and ünïcödé' }),
      sellerName: i % 5 ? `seller${i}` : null,
    }));
  }

  it('writes a batch, and writing the same batch again inserts nothing', async () => {
    const rows = batch(23);
    expect(await write(em, sourceId, rows)).toEqual({ inserted: 23, duplicates: 0 });
    expect(await count(em, LISTINGS)).toBe(23);
    expect(await write(em, sourceId, rows)).toEqual({ inserted: 0, duplicates: 23 });
    expect(await count(em, LISTINGS)).toBe(23);
    expect(await write(em, sourceId, [])).toEqual({ inserted: 0, duplicates: 0 });
  });

  it('stores every field as given, raw JSON included', async () => {
    const [row] = batch(1);
    await write(em, sourceId, [row as ListingRow]);
    const [stored] = await em.getConnection().execute(
      `select to_json("timestamp") #>> '{}' as ts, minifigure_id, external_id, kind, condition, quantity,
              price_usd::text, original_price::text, original_currency, exchange_rate::text,
              confidence_score::text, raw_data, seller_name, superseded_at
       from price_listings`,
    );
    expect(stored).toEqual({
      ts: '2025-04-01T12:00:00+00:00',
      minifigure_id: row?.minifigureId,
      external_id: 'ord-0',
      kind: 'asking',
      condition: 'new',
      quantity: 1,
      price_usd: '10.1234',
      original_price: '10.1234',
      original_currency: 'USD',
      exchange_rate: '1.0000000000',
      confidence_score: '1.000',
      raw_data: { unit_price: '10.1234', note: 'quote \' " \\ and ünïcödé' },
      seller_name: null,
      superseded_at: null,
    });
  });

  it('counts repeats inside one batch as duplicates, and a changed timestamp as a new observation', async () => {
    const rows = batch(4);
    const repeated = [...rows, rows[0] as ListingRow, { ...(rows[1] as ListingRow), priceUsd: '999.0000' }];
    expect(await write(em, sourceId, repeated)).toEqual({ inserted: 4, duplicates: 2 });
    const later = { ...(rows[0] as ListingRow), timestamp: new Date(Date.UTC(2025, 4, 1)) };
    expect(await write(em, sourceId, [later])).toEqual({ inserted: 1, duplicates: 0 });
    expect(await count(em, LISTINGS)).toBe(5);
    expect(await count(em, `select count(*) as n from price_listings where price_usd = 999`)).toBe(0);
  });

  it('keeps the same upstream id from two sources apart', async () => {
    const ebay = (await findSourceByName(em, 'eBay'))?.id as number;
    const rows = batch(3);
    await write(em, sourceId, rows);
    expect(await write(em, ebay, rows)).toEqual({ inserted: 3, duplicates: 0 });
    expect(await count(em, LISTINGS)).toBe(6);
  });

  it('throws when the database refuses a row, and writes none of the statement', async () => {
    const [row] = batch(1, 'bad-');
    const bad = { ...(row as ListingRow), minifigureId: '00000000-0000-0000-0000-000000000000' };
    await expect(write(em, sourceId, [...batch(3), bad])).rejects.toThrow(/foreign key/);
    expect(await count(em, LISTINGS)).toBe(0);
  });

  it('joins a transaction the entity manager is in (withRawClient)', async () => {
    const rows = batch(6);
    await expect(
      em.transactional(async (tx) => {
        await write(tx, sourceId, rows);
        const [inside] = await tx
          .getConnection()
          .execute<{ n: string }[]>(LISTINGS, [], 'all', tx.getTransactionContext());
        expect(Number(inside?.n)).toBe(6); // visible inside the transaction
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count(em, LISTINGS)).toBe(0);
  });
});
