import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { executeJob } from '../../../src/jobs/execute-job.js';
import { loadJob } from '../../../src/jobs/registry.js';
import { log } from '../../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { fakeLego, productPage } from '../../support/fakes/fake-lego.js';
import type { FakeServer } from '../../support/fakes/fake-server.js';

const NOW = new Date('2026-11-26T15:30:00Z');
const lego = await loadJob('lego');

describe('the lego job', () => {
  let fake: FakeServer;
  let db: TestDatabase;
  beforeAll(async () => {
    fake = await fakeLego({
      '/en-us/product/darth-vader-1': productPage({
        name: 'Darth Vader Minifigure',
        sku: '5005',
        price: '5.99',
      }),
      '/de-de/product/darth-vader-1': productPage({
        name: 'Darth Vader Minifigur',
        sku: '5005',
        price: '5,49',
        currency: 'EUR',
      }),
    }).start();
    db = await createTestDatabase();
    const sql = db.orm.em.getConnection();
    await sql.execute(
      `insert into minifigures (set_number, name, theme) values ('sw0636', 'Darth Vader', 'Star Wars')`,
    );
    await sql.execute(`insert into exchange_rates (date, currency, rate) values ('2026-11-25', 'EUR', 0.9)`);
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });
  const run = () =>
    executeJob(lego, { orm: db.orm, config: loadConfig({ LEGO_URL: fake.url }), log, now: NOW });
  const rows = () =>
    db.orm.em
      .getConnection()
      .execute<{ original_price: string; original_currency: string; price_usd: string }[]>(
        'select original_price, original_currency, price_usd from price_listings order by original_currency',
      );

  it('does nothing, and says why, until products are mapped', async () => {
    expect(await run()).toMatchObject({ status: 'ran', summary: { skipped: 'no products mapped' } });
  });

  it('writes one retail price per mapped product, converted to USD with the rate before its date; a rerun adds none', async () => {
    await db.orm.em
      .getConnection()
      .execute(
        `update data_sources set rate_limit_per_hour = 360000, metadata = ?::jsonb where name = 'LEGO'`,
        [
          JSON.stringify({
            products: [
              { path: '/en-us/product/darth-vader-1', item_no: 'sw0636' },
              { path: '/de-de/product/darth-vader-1', item_no: 'sw0636' },
            ],
          }),
        ],
      );
    expect(await run()).toMatchObject({ summary: { products: 2, inserted: 2, duplicates: 0, errors: 0 } });
    // 5.49 EUR at 0.9 EUR per USD (the 25th's rate: none was published on the 26th) = 6.1 USD.
    expect(await rows()).toEqual([
      { original_price: '5.4900', original_currency: 'EUR', price_usd: '6.1000' },
      { original_price: '5.9900', original_currency: 'USD', price_usd: '5.9900' },
    ]);
    expect(await run()).toMatchObject({ summary: { inserted: 0, duplicates: 2 } });
    expect(await rows()).toHaveLength(2);
  });
});
