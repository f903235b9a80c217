/**
 * Set inventories from BrickLink's GET /items/SET/{no}/subsets, fetched by the bricklink job (and
 * its frequent bricklink-sets run for sets asked in chat), against the fake Store API.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { figuresOfSet, requestInventory } from '../../src/db/repositories/set-inventories.js';
import { addWatchItem } from '../../src/db/repositories/watchlist.js';
import { runBrickLink } from '../../src/sources/bricklink/source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeBrickLink, setOf, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { seedFigures, seedSets } from '../support/ingest-fixtures.js';
import { BL_CREDENTIALS, captureLog, jobContext, quick, sourceConfig } from '../support/source-jobs.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const DAY = 86_400_000;
const SETS = ['75192-1', '10188-1', '7140-1', '75159-1', '6212-1', '75375-1', '75355-1'];
const FIGURES = ['sw0001a', 'sw0002', 'sw0004', 'sw0010'];

let db: TestDatabase;
let fake: FakeBrickLink;

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  db.orm.em.getConnection().execute<T[]>(text, params);

function run(now = NOW, askedSetsOnly = false) {
  const { log } = captureLog();
  return runBrickLink(jobContext(db.orm, sourceConfig({ bricklink: fake.url }), now, log), {
    ...quick(),
    askedSetsOnly,
    onGuides: async () => {},
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  await seedSets(db.orm.em.fork(), SETS);
  fake = await startFakeBrickLink({
    credentials: BL_CREDENTIALS,
    now: NOW,
    inventories: {
      '75192-1': [
        { itemNo: 'sw0002', quantity: 1 },
        { itemNo: 'sw0004', quantity: 2 },
        // Not in this test's catalogue: kept by number, with no figure.
        { itemNo: 'sw9999', quantity: 1 },
      ],
      '10188-1': [{ itemNo: 'sw0001a', quantity: 3 }],
      '7140-1': [{ itemNo: 'sw0010', quantity: 1 }],
      '75159-1': [],
      '6212-1': [{ itemNo: 'sw0001a', quantity: 1 }],
      '75375-1': [{ itemNo: 'sw0004', quantity: 1 }],
      // 75355-1 is unknown to BrickLink: 404 inside HTTP 200.
    },
  });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql('delete from set_minifigures');
  await sql('update sets set inventory_fetched_at = null, inventory_requested_at = null');
  await sql('delete from source_fetch_state');
  await sql('delete from source_api_calls');
  await sql('delete from watchlist_items');
  await sql(
    `update data_sources set rate_limit_per_hour = 208, rate_limit_per_day = 5000 where name = 'BrickLink'`,
  );
});
afterEach(() => {
  fake.server.clearFaults();
  fake.requests.length = 0;
});

const callsToday = async () =>
  Number(
    (
      await sql<{ calls: number }>(
        `select calls from source_api_calls c join data_sources s on s.id = c.source_id where s.name = 'BrickLink'`,
      )
    )[0]?.calls ?? 0,
  );

describe('set inventories', () => {
  it('a set asked for in chat is fetched by the frequent run, stored with quantities and fetch time, and counted', async () => {
    await requestInventory(db.orm.em.fork(), '75192-1', new Date(NOW.getTime() - 60_000));
    const summary = await run(NOW, true);
    expect(summary).toMatchObject({ sets: 1, setsDone: 1, setsEmpty: 0, setErrors: 0, calls: 1 });
    expect(fake.requests.map(setOf)).toEqual(['75192-1']);
    expect(fake.requests[0]?.url.searchParams.get('break_minifigs')).toBe('false');
    const rows = await sql(
      `select sm.item_no, sm.quantity, m.set_number as figure, sm.fetched_at::text from set_minifigures sm
       left join minifigures m on m.id = sm.minifigure_id where set_no = '75192-1' order by item_no`,
    );
    expect(rows).toEqual([
      { item_no: 'sw0002', quantity: 1, figure: 'sw0002', fetched_at: '2026-11-26 10:00:00+00' },
      { item_no: 'sw0004', quantity: 2, figure: 'sw0004', fetched_at: '2026-11-26 10:00:00+00' },
      { item_no: 'sw9999', quantity: 1, figure: null, fetched_at: '2026-11-26 10:00:00+00' },
    ]);
    expect(
      await sql('select inventory_fetched_at::text, inventory_requested_at from sets where set_no = ?', [
        '75192-1',
      ]),
    ).toEqual([{ inventory_fetched_at: '2026-11-26 10:00:00+00', inventory_requested_at: null }]);
    expect(await callsToday()).toBe(1);
    // The function the title matcher uses: by number with or without the variant.
    expect((await figuresOfSet(db.orm.em.fork(), '75192'))?.map((f) => [f.itemNo, f.quantity])).toEqual([
      ['sw0002', 1],
      ['sw0004', 2],
      ['sw9999', 1],
    ]);
    expect(await figuresOfSet(db.orm.em.fork(), '10188-1')).toBeNull();
    expect(await figuresOfSet(db.orm.em.fork(), '99999')).toBeNull();
  });

  it('a run with nothing asked makes no call at all', async () => {
    expect(await run(NOW, true)).toMatchObject({ sets: 0, calls: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it('an empty inventory is a fetched one; an error inside HTTP 200 is retried; an unknown set is not asked again', async () => {
    const em = db.orm.em.fork();
    await requestInventory(em, '75159-1', NOW);
    await requestInventory(em, '75355-1', NOW);
    await requestInventory(em, '7140-1', NOW);
    fake.inject({ kind: '500-in-200' }, { itemNo: '7140-1' });
    const summary = await run(NOW, true);
    expect(summary).toMatchObject({ sets: 3, setsDone: 2, setsEmpty: 1, setErrors: 1 });
    // 7140-1: a retried call and a good one; the others one each.
    expect(fake.requests.map(setOf).sort()).toEqual(['7140-1', '7140-1', '75159-1', '75355-1']);
    expect(await callsToday()).toBe(4);
    expect(await figuresOfSet(em, '75159')).toEqual([]);
    expect(await figuresOfSet(em, '7140')).toEqual([
      expect.objectContaining({
        itemNo: 'sw0010',
        quantity: 1,
        figure: expect.objectContaining({ itemNo: 'sw0010' }),
      }),
    ]);
    const [state] = await sql<{ failures: number; error: string }>(
      `select consecutive_failures as failures, last_error as error from source_fetch_state where item_key = 'SET:75355-1'`,
    );
    expect(state?.failures).toBe(1);
    expect(state?.error).toContain('BrickLink error 404 inside HTTP 200');
    expect((await sql('select inventory_requested_at from sets where set_no = ?', ['75355-1']))[0]).toEqual({
      inventory_requested_at: null,
    });
    fake.requests.length = 0;
    expect(await run(new Date(NOW.getTime() + 120_000), true)).toMatchObject({ sets: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it('the hourly run: asked sets, then sets of watched figures, then the newest, within its share; then figures', async () => {
    const em = db.orm.em.fork();
    // sw0001a is watched; its sets are known from an earlier inventory of 10188-1 and 6212-1.
    const [figure] = await sql<{ id: string }>(`select id from minifigures where set_number = 'sw0001a'`);
    await addWatchItem(
      em,
      { platform: 'discord', workspaceId: '', userId: 'u1' },
      {
        minifigureId: figure?.id as string,
        condition: 'used',
        quantity: 1,
        paid: null,
      },
      200,
    );
    await sql(
      `insert into set_minifigures (set_no, item_no, minifigure_id, quantity, fetched_at)
       select s, 'sw0001a', ?, 1, ? from unnest(array['10188-1', '6212-1']) s`,
      [figure?.id, new Date(NOW.getTime() - 100 * DAY)],
    );
    await sql(`update sets set inventory_fetched_at = ? where set_no in ('10188-1', '6212-1')`, [
      new Date(NOW.getTime() - 100 * DAY),
    ]);
    // A fresh inventory is not fetched again.
    await sql(`update sets set inventory_fetched_at = ? where set_no = '75192-1'`, [
      new Date(NOW.getTime() - 10 * DAY),
    ]);
    await requestInventory(em, '7140-1', NOW);
    // 25 calls: 5 for inventories (20%), the other 20 for 5 figures.
    await sql(`update data_sources set rate_limit_per_hour = 25 where name = 'BrickLink'`);
    const summary = await run();
    const order = fake.requests.map(setOf).filter(Boolean);
    expect(order).toEqual(['7140-1', '10188-1', '6212-1', '75375-1', '75355-1']);
    expect(summary).toMatchObject({ sets: 5, setsDone: 4, setErrors: 1, figures: 4 });
    expect(await callsToday()).toBe(5 + 4 * 4);
    // A day later: the unknown set's back-off is over and the last set is due; the refetched ones
    // and 75192-1 (fetched 10 days ago) are not.
    fake.requests.length = 0;
    await sql('delete from source_api_calls');
    await run(new Date(NOW.getTime() + 1 * DAY));
    expect(fake.requests.map(setOf).filter(Boolean)).toEqual(['75355-1', '75159-1']);
  });

  it('refused credentials (401 inside HTTP 200) stop the run at the first set', async () => {
    const em = db.orm.em.fork();
    await requestInventory(em, '75192-1', NOW);
    await requestInventory(em, '7140-1', NOW);
    fake.inject({ kind: '401-in-200' }, { times: 5 });
    expect(await run()).toMatchObject({ setErrors: 1, stopped: 'credentials refused' });
    expect(fake.requests).toHaveLength(1);
  });

  it('the quota counts the inventory calls, and the sources command shows them', async () => {
    await requestInventory(db.orm.em.fork(), '75192-1', NOW);
    await requestInventory(db.orm.em.fork(), '7140-1', NOW);
    fake.inject({ kind: '500-in-200' }, { itemNo: '7140-1' });
    await run(NOW, true);
    await requestInventory(db.orm.em.fork(), '10188-1', NOW);
    // 75192-1 once, 7140-1 twice (an error inside HTTP 200, then the answer).
    expect(await callsToday()).toBe(3);
    const dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
    const reply = await dispatcher.dispatchText('sources', { platform: 'test' });
    const table = reply.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.find((r) => r[0] === 'BrickLink')?.[3]).toBe('3 / 5,000');
    expect(reply.blocks).toContainEqual({
      type: 'text',
      text: 'BrickLink: set inventories: 2 of 7 sets fetched (2 today, within the calls above); 1 asked in chat, waiting',
    });
  });
});
