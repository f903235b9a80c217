import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/jobs/job.js';
import { runSource } from '../../src/jobs/source-run.js';
import { runBrickLink } from '../../src/sources/bricklink/source.js';
import ebaySource, { type EbayRunOptions } from '../../src/sources/ebay/source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeBrickLink, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { type FakeEbay, startFakeEbay } from '../support/fakes/fake-ebay.js';
import type { Fault } from '../support/fakes/fake-server.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import {
  BL_CREDENTIALS,
  captureLog,
  EBAY_CREDENTIALS,
  jobContext,
  quick,
  sourceConfig,
} from '../support/source-jobs.js';

/** An eBay run through the one source run loop, with the test seams. */
const runEbay = (ctx: JobContext, opts: EbayRunOptions) => runSource(ctx, ebaySource, opts);

/**
 * Every fault a source can show, through the real clients and job bodies against the fakes, checked
 * by counting rows: a run that meets a transient fault ends with exactly the rows the fake served;
 * a persistent fault costs only its own figure or search, which a later run fills in; and running
 * the same fetch again adds nothing.
 */
const NOW = new Date('2026-11-26T09:00:00Z');
const LATER = new Date(NOW.getTime() + 20 * 60_000);
const FIGURES = ['sw0001a', 'sw0002', 'sw0004', 'hp001', 'njo0007'];
const ROWS = (source: string) =>
  `select (select count(*) from price_listings l join data_sources s on s.id = l.source_id where s.name = '${source}')
        + (select count(*) from unmatched_listings u join data_sources s on s.id = u.source_id where s.name = '${source}')
     as n`;

let db: TestDatabase;
let bricklink: FakeBrickLink;
let ebay: FakeEbay;

async function sql(text: string) {
  return db.orm.em.getConnection().execute(text);
}
const rows = (source: string) => count(db.orm.em, ROWS(source));

function runBl(now = NOW) {
  const { log } = captureLog();
  return runBrickLink(jobContext(db.orm, sourceConfig({ bricklink: bricklink.url }), now, log), quick());
}
function runEb(now = NOW) {
  const { log } = captureLog();
  return runEbay(jobContext(db.orm, sourceConfig({ ebay: ebay.url }), now, log), quick());
}

/** Every detail entry the fake BrickLink serves for these figures. */
function blServed(items: string[]): number {
  let n = 0;
  for (const item of items)
    for (const kind of ['sold', 'stock'] as const)
      for (const c of ['N', 'U'] as const) n += bricklink.guide(item, kind, c)?.price_detail.length ?? 0;
  return n;
}

/** The distinct items the fake eBay holds for the queries the job searched. */
function ebayServed(): number {
  const queries = new Set(ebay.searchRequests().map((r) => r.url.searchParams.get('q') ?? ''));
  return new Set([...queries].flatMap((q) => ebay.itemsFor(q).map((i) => i.itemId))).size;
}

/** Forget what was fetched when, so that the next run fetches everything again. */
async function forgetFetches() {
  await sql('delete from source_fetch_state');
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  bricklink = await startFakeBrickLink({ credentials: BL_CREDENTIALS, now: NOW });
  ebay = await startFakeEbay({ ...EBAY_CREDENTIALS, now: NOW });
});
afterAll(async () => {
  await bricklink?.close();
  await ebay?.close();
  await db?.drop();
});
beforeEach(async () => {
  for (const t of ['price_listings', 'unmatched_listings', 'source_fetch_state', 'source_api_calls']) {
    await sql(`delete from ${t}`);
  }
});
afterEach(() => {
  for (const fake of [bricklink.server, ebay.server]) {
    fake.clearFaults();
    fake.requests.length = 0;
  }
});

const TRANSIENT: [string, Fault][] = [
  ['429 with Retry-After', { kind: '429', retryAfter: '1' }],
  ['500', { kind: '500' }],
  ['a hang past the timeout', { kind: 'hang' }],
  ['truncated JSON', { kind: 'truncated' }],
];

describe('BrickLink faults, counted in rows', () => {
  it.each(TRANSIENT)(
    'a passing %s is retried: every row once, and a rerun adds none',
    async (_name, fault) => {
      bricklink.inject(fault, { times: 2, itemNo: 'sw0002' });
      expect(await runBl()).toMatchObject({ errors: 0, figuresDone: FIGURES.length });
      expect(await rows('BrickLink')).toBe(blServed(FIGURES));
      await forgetFetches();
      expect(await runBl()).toMatchObject({ inserted: 0, errors: 0 });
      expect(await rows('BrickLink')).toBe(blServed(FIGURES));
    },
  );

  it.each(TRANSIENT)(
    'a lasting %s costs one figure, which the next run fills in exactly',
    async (_name, fault) => {
      bricklink.inject(fault, { times: Number.POSITIVE_INFINITY, itemNo: 'sw0002' });
      expect(await runBl()).toMatchObject({ errors: 1, figuresDone: FIGURES.length - 1 });
      expect(await rows('BrickLink')).toBe(blServed(FIGURES.filter((f) => f !== 'sw0002')));
      bricklink.server.clearFaults();
      expect(await runBl(LATER)).toMatchObject({ figures: 1, errors: 0 });
      expect(await rows('BrickLink')).toBe(blServed(FIGURES));
    },
  );

  it('a 401 inside HTTP 200 stops the run; once fixed, a rerun fills exactly the gap', async () => {
    bricklink.inject({ kind: '401-in-200' }, { times: 1, itemNo: 'sw0001a' });
    const first = await runBl();
    expect(first).toMatchObject({ stopped: 'credentials refused', errors: 1 });
    const stored = await rows('BrickLink');
    // Figures go in item-number order when none was fetched before: those before sw0001a are in.
    expect(first.figuresDone).toBe(2);
    expect(stored).toBe(blServed(['hp001', 'njo0007']));
    expect(await runBl(LATER)).toMatchObject({ errors: 0 });
    expect(await rows('BrickLink')).toBe(blServed(FIGURES));
    await forgetFetches();
    expect(await runBl(LATER)).toMatchObject({ inserted: 0 });
    expect(await rows('BrickLink')).toBe(blServed(FIGURES));
  });

  it('a price of "abc" loses that entry alone, and a rerun adds none', async () => {
    bricklink.inject({ kind: 'bad-price' }, { times: Number.POSITIVE_INFINITY, itemNo: 'hp001' });
    const summary = await runBl();
    // Each of hp001's four guides arrives with its first entry priced "abc".
    expect(summary).toMatchObject({ rejected: 4, errors: 0 });
    expect(await rows('BrickLink')).toBe(blServed(FIGURES) - 4);
    await forgetFetches();
    expect(await runBl()).toMatchObject({ inserted: 0, rejected: 4 });
    expect(await rows('BrickLink')).toBe(blServed(FIGURES) - 4);
  });
});

describe('eBay faults, counted in rows', () => {
  beforeEach(() => sql(`update data_sources set rate_limit_per_hour = 208 where name = 'eBay'`));

  it.each([...TRANSIENT, ['401 to a revoked token', { kind: '401' }] as [string, Fault]])(
    'a passing %s is retried: every listing once, and a rerun adds none',
    async (_name, fault) => {
      ebay.inject(fault, { times: 1 });
      expect(await runEb()).toMatchObject({ errors: 0 });
      expect(await rows('eBay')).toBe(ebayServed());
      await forgetFetches();
      expect(await runEb()).toMatchObject({ inserted: 0, errors: 0 });
      expect(await rows('eBay')).toBe(ebayServed());
    },
  );

  it.each(TRANSIENT)(
    'a lasting %s costs one search, which the next run fills in exactly',
    async (_name, fault) => {
      const failing = ebay.server;
      let target = '';
      failing.inject(fault, {
        times: Number.POSITIVE_INFINITY,
        match: (req) => {
          const q = req.url.searchParams.get('q') ?? '';
          if (!req.url.pathname.endsWith('/item_summary/search')) return false;
          target ||= q;
          return q === target;
        },
      });
      expect(await runEb()).toMatchObject({ errors: 1 });
      const served = ebayServed();
      const lost = new Set(ebay.itemsFor(target).map((i) => i.itemId)).size;
      expect(await rows('eBay')).toBe(served - lost);
      failing.clearFaults();
      expect(await runEb(LATER)).toMatchObject({ searches: 1, errors: 0 });
      expect(await rows('eBay')).toBe(served);
    },
  );

  it('a price of "abc" loses that listing alone, and a rerun adds none', async () => {
    ebay.inject({ kind: 'bad-price' }, { times: 1 });
    expect(await runEb()).toMatchObject({ rejected: 1, errors: 0 });
    expect(await rows('eBay')).toBe(ebayServed() - 1);
    await forgetFetches();
    expect(await runEb()).toMatchObject({ inserted: 0, rejected: 0 });
    // The rerun got the real price: the listing lost to "abc" is there now, once.
    expect(await rows('eBay')).toBe(ebayServed());
  });
});
