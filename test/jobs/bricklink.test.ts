import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FigureGuides } from '../../src/sources/bricklink/client.js';
import { type BrickLinkRunOptions, runBrickLink } from '../../src/sources/bricklink/source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeBrickLink, itemOf, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import { BL_CREDENTIALS, captureLog, jobContext, quick, sourceConfig } from '../support/source-jobs.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const HOUR = 3_600_000;
const FIGURES = ['col021', 'cty1075', 'hp001', 'njo0007', 'sh0032', 'sw0001a', 'sw0002', 'sw0004'];
const ROWS = `select count(*) as n from price_listings l join data_sources s on s.id = l.source_id
              where s.name = 'BrickLink'`;

let db: TestDatabase;
let fake: FakeBrickLink;

function run(now = NOW, config = sourceConfig({ bricklink: fake.url }), extra: BrickLinkRunOptions = {}) {
  const { log, lines } = captureLog();
  return { lines, result: runBrickLink(jobContext(db.orm, config, now, log), { ...quick(), ...extra }) };
}

/** Every detail entry the fake serves for these figures: what must end up as rows. */
function served(items: string[], kinds: ('sold' | 'stock')[] = ['sold', 'stock']): number {
  let n = 0;
  for (const item of items)
    for (const kind of kinds)
      for (const c of ['N', 'U'] as const) n += fake.guide(item, kind, c)?.price_detail.length ?? 0;
  return n;
}

async function sql(text: string, params: unknown[] = []) {
  return db.orm.em.getConnection().execute(text, params);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  fake = await startFakeBrickLink({ credentials: BL_CREDENTIALS, now: NOW, noData: ['col021'] });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql('delete from price_listings');
  await sql('delete from source_fetch_state');
  await sql('delete from source_api_calls');
  await sql(`update data_sources set rate_limit_per_hour = 208, rate_limit_per_day = 5000, is_active = true
             where name = 'BrickLink'`);
});
afterEach(() => {
  fake.server.clearFaults();
  fake.requests.length = 0;
});

describe('the bricklink job', () => {
  it('skips with one clear log line when there are no credentials', async () => {
    const { result, lines } = run(NOW, sourceConfig({}));
    expect(await result).toEqual({ skipped: 'no credentials' });
    expect(lines.map((l) => l.msg)).toEqual([
      'BrickLink skipped: no credentials (set BRICKLINK_CONSUMER_KEY, BRICKLINK_CONSUMER_SECRET, BRICKLINK_TOKEN, BRICKLINK_TOKEN_SECRET)',
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it('refreshes every figure, writes each detail entry once, and counts its calls', async () => {
    const handed: FigureGuides[] = [];
    const summary = await run(NOW, undefined, { onGuides: async (figure) => void handed.push(figure) })
      .result;
    // BrickLink's own figures for each guide go to the analytics, "no data" guides as null.
    expect(handed.map((f) => f.itemNo).sort()).toEqual([...FIGURES].sort());
    expect(handed.find((f) => f.itemNo === 'col021')?.guides.map((g) => g.summary)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(handed.find((f) => f.itemNo === 'sw0002')?.guides.every((g) => g.summary !== null)).toBe(true);
    expect(summary).toMatchObject({ figures: 8, figuresDone: 8, calls: 32, errors: 0 });
    expect(await count(db.orm.em, ROWS)).toBe(served(FIGURES));
    expect(summary.inserted).toBe(served(FIGURES));
    const [calls] = await sql(`select calls from source_api_calls c join data_sources s on s.id = c.source_id
                               where s.name = 'BrickLink' and day = '2026-11-26'`);
    expect(calls).toEqual({ calls: 32 });
    const [source] = await sql(
      `select last_scraped_at, last_scrape_success from data_sources where name = 'BrickLink'`,
    );
    expect(new Date(source?.last_scraped_at).toISOString()).toBe(NOW.toISOString());
    expect(source?.last_scrape_success).toBe(true);
  });

  it("keeps BrickLink's own summary of every guide that has data, beside its entries", async () => {
    await sql('delete from bricklink_price_guides');
    await run().result;
    const rows = await sql(
      `select item_no, condition, guide_type, reported_min_price, reported_qty_avg_price, reported_total_quantity,
              jsonb_array_length(entries) as entries
       from bricklink_price_guides order by item_no, guide_type, condition`,
    );
    // col021 has no data (all-zero guides): nothing reported, nothing kept.
    const expected = FIGURES.filter((f) => f !== 'col021')
      .sort()
      .flatMap((item) =>
        (['sold', 'stock'] as const).flatMap((kind) =>
          (['N', 'U'] as const).map((c) => {
            const g = fake.guide(item, kind, c);
            return {
              item_no: item,
              condition: c === 'N' ? 'new' : 'used',
              guide_type: kind,
              reported_min_price: g?.min_price,
              reported_qty_avg_price: g?.qty_avg_price,
              reported_total_quantity: g?.total_quantity,
              entries: g?.price_detail.length,
            };
          }),
        ),
      );
    expect(rows).toEqual(expected);
  });

  it('leaves fresh figures alone; the next day it adds only the new day of asking prices', async () => {
    await run().result;
    const first = await count(db.orm.em, ROWS);
    expect(await run(new Date(NOW.getTime() + 2 * HOUR)).result).toMatchObject({ figures: 0, calls: 0 });

    const nextDay = await run(new Date(NOW.getTime() + 25 * HOUR)).result;
    expect(nextDay).toMatchObject({ figures: 8, errors: 0 });
    // Sales are the same sales (deduplicated); stock lots are a new day's observation.
    expect(nextDay.duplicates).toBe(served(FIGURES, ['sold']));
    expect(await count(db.orm.em, ROWS)).toBe(first + served(FIGURES, ['stock']));
  });

  it('spends at most its hourly share and what is left of the daily quota', async () => {
    await sql(`update data_sources set rate_limit_per_hour = 9 where name = 'BrickLink'`);
    expect(await run().result).toMatchObject({ figures: 2, calls: 8 });

    await sql(
      `update data_sources set rate_limit_per_hour = 208, rate_limit_per_day = 13 where name = 'BrickLink'`,
    );
    // 8 calls spent today, 5 left: one more figure (4 calls).
    expect(await run().result).toMatchObject({ figures: 1, calls: 4, callsToday: 12 });
    expect(await run().result).toMatchObject({ figures: 0, calls: 0 });
    expect(new Set(fake.requests.map(itemOf)).size).toBe(3);
  });

  it('refreshes watched and alerted figures first, then the stalest', async () => {
    const user =
      await sql(`insert into chat_users (platform, workspace_id, user_id) values ('discord', 'g1', 'u1')
                            returning id`);
    const userId = user[0]?.id;
    await sql(
      `insert into watchlist_items (user_id, minifigure_id, condition)
               select ?, id, 'used' from minifigures where set_number = 'sw0004'`,
      [userId],
    );
    await sql(
      `insert into alerts (user_id, minifigure_id, kind, condition, threshold)
               select ?, id, 'below', 'new', 10 from minifigures where set_number = 'sh0032'`,
      [userId],
    );
    await sql(
      `insert into alerts (user_id, minifigure_id, kind, condition, threshold, removed_at)
               select ?, id, 'below', 'new', 10, now() from minifigures where set_number = 'sw0002'`,
      [userId],
    );
    await sql(`update data_sources set rate_limit_per_hour = 12 where name = 'BrickLink'`);
    // njo0007 was fetched long ago; the rest never were.
    await sql(`insert into source_fetch_state (source_id, item_key, last_attempt_at, last_success_at)
               select id, 'njo0007', '2026-10-01', '2026-10-01' from data_sources where name = 'BrickLink'`);

    await run().result;
    const order = [...new Set(fake.requests.map(itemOf))];
    expect(order.slice(0, 2).sort()).toEqual(['sh0032', 'sw0004']);
    // Never-fetched figures come before njo0007, alphabetically among themselves.
    expect(order[2]).toBe('col021');
    await sql('delete from alerts');
    await sql('delete from watchlist_items');
  });

  it('carries on past a failing figure and retries it on a later run', async () => {
    fake.inject({ kind: '500' }, { times: Number.POSITIVE_INFINITY, itemNo: 'sw0002' });
    const first = await run().result;
    expect(first).toMatchObject({ figures: 8, figuresDone: 7, errors: 1 });
    expect(await count(db.orm.em, ROWS)).toBe(served(FIGURES.filter((f) => f !== 'sw0002')));
    const [source] = await sql(`select last_scrape_success from data_sources where name = 'BrickLink'`);
    expect(source?.last_scrape_success).toBe(false);

    fake.server.clearFaults();
    const retry = await run(new Date(NOW.getTime() + 20 * 60_000)).result;
    expect(retry).toMatchObject({ figures: 1, figuresDone: 1, errors: 0 });
    expect(await count(db.orm.em, ROWS)).toBe(served(FIGURES));
  });

  it('stops the run at the first refusal of its credentials', async () => {
    fake.inject({ kind: '401-in-200' }, { times: Number.POSITIVE_INFINITY });
    const { result, lines } = run();
    expect(await result).toMatchObject({
      figures: 8,
      figuresDone: 0,
      errors: 1,
      stopped: 'credentials refused',
    });
    expect(fake.requests).toHaveLength(4);
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      'BrickLink refused our credentials; stopping this run',
    ]);
    expect(JSON.stringify(lines)).not.toContain(BL_CREDENTIALS.tokenSecret);
  });

  it('is skipped when the source is switched off', async () => {
    await sql(`update data_sources set is_active = false where name = 'BrickLink'`);
    expect(await run().result).toEqual({ skipped: 'inactive' });
    expect(fake.requests).toHaveLength(0);
  });
});
