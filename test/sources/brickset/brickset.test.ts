import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { loadConfig } from '../../../src/config.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import { SourceError } from '../../../src/core/errors.js';
import { createDepsFactory } from '../../../src/create-deps.js';
import { executeJob } from '../../../src/jobs/execute-job.js';
import { loadJob } from '../../../src/jobs/registry.js';
import { log } from '../../../src/log.js';
import { BricksetClient } from '../../../src/sources/brickset/client.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { fakeBrickset } from '../../support/fakes/fake-brickset.js';
import type { FakeServer } from '../../support/fakes/fake-server.js';
import { seedSets } from '../../support/ingest-fixtures.js';

const NOW = new Date('2026-11-26T03:00:00Z');
const KEY = 'test-key-3-abc';
const brickset = await loadJob('brickset');

describe('Brickset enrichment', () => {
  let fake: FakeServer;
  let db: TestDatabase;
  beforeAll(async () => {
    fake = await fakeBrickset({ apiKey: KEY, usedToday: 10, today: '2026-11-26' }).start();
    db = await createTestDatabase();
    const sql = db.orm.em.getConnection();
    await sql.execute(
      `insert into minifigures (set_number, name, theme, year_released, metadata) values
       ('sw0086', 'Han Solo', 'Star Wars', 2017, '{"related_sets": ["75192", "10188"]}'),
       ('sw0001a', 'Battle Droid', 'Star Wars', 1999, '{"related_sets": ["7140-1"]}'),
       ('sw9999', 'Nobody', 'Star Wars', 2020, '{"related_sets": ["99999"]}'),
       ('cty0001', 'Octan', 'Town', 2005, '{}')`,
    );
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  const config = () =>
    loadConfig({ BRICKSET_API_URL: fake.url, BRICKSET_API_KEY: KEY, HTTP_TIMEOUT_MS: '2000' });
  const metadata = async (setNumber: string) =>
    (
      await db.orm.em
        .getConnection()
        .execute<{ metadata: Record<string, unknown> }[]>(
          'select metadata from minifigures where set_number = ?',
          [setNumber],
        )
    )[0]?.metadata;

  it('adds sets, launch and exit dates, and retirement to figures that name their sets', async () => {
    const outcome = await executeJob(brickset, { orm: db.orm, config: config(), log, now: NOW });
    expect(outcome).toMatchObject({
      status: 'ran',
      summary: { figures: 3, sets: 3, enriched: 2, errors: 0 },
    });

    const han = await metadata('sw0086');
    expect(han).toMatchObject({ retired: false, retirement_date: null, related_sets: ['75192', '10188'] });
    expect((han?.brickset as { sets?: unknown[] } | undefined)?.sets).toEqual([
      expect.objectContaining({
        number: '75192-1',
        launch_date: '2017-10-01',
        exit_date: null,
        us_retail_price: 849.99,
      }),
      expect.objectContaining({ number: '10188-1', exit_date: '2016-12-31' }),
    ]);
    // 7140 has no exitDate; LEGO.com's last day on sale stands in for it.
    expect(await metadata('sw0001a')).toMatchObject({ retired: true, retirement_date: '2001-12-31' });
    expect(await metadata('sw9999')).not.toHaveProperty('brickset');
    expect(await metadata('cty0001')).toEqual({});
  });

  it('records the key usage Brickset reports, and is quiet on a second run the same month', async () => {
    const [source] = await db.orm.em
      .getConnection()
      .execute<{ metadata: { key_usage: { used_today: number } }; last_scrape_success: boolean }[]>(
        `select metadata, last_scrape_success from data_sources where name = 'Brickset'`,
      );
    expect(source?.metadata.key_usage.used_today).toBe(12); // 10 before + key usage call + one getSets
    expect(source?.last_scrape_success).toBe(true);

    const before = fake.requests.length;
    const again = await executeJob(brickset, { orm: db.orm, config: config(), log, now: NOW });
    expect(again).toMatchObject({ status: 'ran', summary: { figures: 1, enriched: 0 } }); // only sw9999 is still unknown
    expect(fake.requests.length - before).toBe(2);
  });

  it('skips without a key, and reports a bad key as a clear non-retryable error', async () => {
    expect(await executeJob(brickset, { orm: db.orm, config: loadConfig({}), log, now: NOW })).toMatchObject({
      summary: { skipped: 'no credentials' },
    });
    const client = new BricksetClient({ baseUrl: fake.url, apiKey: 'wrong', timeoutMs: 1000 });
    const err = await client.keyUsage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ retryable: false, message: 'Brickset: Invalid API key.' });
  });

  it('retries a 500 and survives garbage by failing that batch only', async () => {
    fake.inject({ kind: '500' }, { match: (r) => r.url.pathname.endsWith('/getSets') });
    const client = new BricksetClient({
      baseUrl: fake.url,
      apiKey: KEY,
      timeoutMs: 1000,
      retry: { retries: 2, minBackoffMs: 1, maxBackoffMs: 2 },
    });
    expect((await client.sets(['75192-1'])).map((s) => s.name)).toEqual(['Millennium Falcon']);
    fake.inject({ kind: 'garbage' }, { times: 3, match: (r) => r.url.pathname.endsWith('/getSets') });
    await expect(client.sets(['75192-1'])).rejects.toThrow(/not valid JSON/);
  });

  it('gives catalogue sets their US/UK/DE retail prices and exit dates; a set Brickset lacks is stamped, not retried', async () => {
    await seedSets(db.orm.em.fork(), ['75192-1', '10188-1', '7140-1', '75355-1']);
    const later = new Date(NOW.getTime() + 86_400_000);
    const first = fake.requests.length;
    const outcome = await executeJob(brickset, { orm: db.orm, config: config(), log, now: later });
    expect(outcome).toMatchObject({ status: 'ran', summary: { catalogueSets: 4, setsPriced: 3, errors: 0 } });
    // The quota counts the catalogue's getSets calls with the rest, and the sources command shows them.
    const made = fake.requests.length - first;
    expect(made).toBeGreaterThan(1);
    const dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => later }) });
    const sources = await dispatcher.dispatchText('sources', { platform: 'test' });
    const table = sources.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.find((r) => r[0] === 'Brickset')?.[3]).toBe(`${made} / 100`);
    const rows = await db.orm.em.getConnection().execute(
      `select set_no, retail_usd::text as usd, retail_gbp::text as gbp, retail_eur::text as eur,
                launch_date::text as launch, exit_date::text as exit, brickset_fetched_at is not null as stamped
         from sets order by set_no`,
    );
    expect(rows).toEqual([
      {
        set_no: '10188-1',
        usd: '399.99',
        gbp: null,
        eur: null,
        launch: '2008-09-01',
        exit: '2016-12-31',
        stamped: true,
      },
      {
        set_no: '7140-1',
        usd: null,
        gbp: null,
        eur: null,
        launch: '1999-01-01',
        exit: '2001-12-31',
        stamped: true,
      },
      {
        set_no: '75192-1',
        usd: '849.99',
        gbp: '734.99',
        eur: '849.99',
        launch: '2017-10-01',
        exit: null,
        stamped: true,
      },
      { set_no: '75355-1', usd: null, gbp: null, eur: null, launch: null, exit: null, stamped: true },
    ]);
    const before = fake.requests.length;
    const again = await executeJob(brickset, { orm: db.orm, config: config(), log, now: later });
    expect(again).toMatchObject({ summary: { catalogueSets: 0 } });
    // The key usage, and sw9999's sets (still unknown to Brickset): no call for the catalogue sets.
    expect(fake.requests.length - before).toBe(2);
  });
});
