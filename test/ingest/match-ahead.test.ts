import type { EntityManager } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestListings } from '../../src/ingest/pipeline.js';
import type { RawListing, TitleMatch, TitleMatcher } from '../../src/ingest/types.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { count, seedFigures, seedRates } from '../support/ingest-fixtures.js';

const silent = pino({ level: 'silent' });
const NOW = new Date('2025-05-10T08:00:00Z');
const LISTINGS = 'select count(*) as n from price_listings';
const FIGURES = ['sw0002', 'sw0004', 'sw0580', 'sw0187'];

function ebay(id: number, title: string): RawListing {
  return {
    externalId: `v1|${id}|0`,
    timestamp: new Date('2025-05-09T10:00:00Z'),
    kind: 'asking',
    condition: 'used',
    quantity: 1,
    price: `${10 + id}.00`,
    currency: 'USD',
    title,
    raw: { itemId: `v1|${id}|0`, title },
  };
}

/** Titles name their figure as "figure swNNNN"; anything else is unmatched. */
function answer(title: string): TitleMatch {
  const itemNo = /sw\d{4}/.exec(title)?.[0] ?? null;
  return { itemNo, confidence: itemNo ? 0.9 : 0.2, candidates: itemNo ? [{ itemNo, score: 0.9 }] : [] };
}

/** Ten listings, five chunks of two; titles repeat across chunks. */
const RAWS = [
  'figure sw0002',
  'figure sw0004',
  'figure sw0002',
  'a lot of 20',
  'figure sw0580',
  'figure sw0004',
  'figure sw0187',
  'figure sw0002',
  'a lot of 20',
  'figure sw0580',
].map((t, i) => ebay(i, t));

describe('ingestListings matches chunk by chunk, ahead of the writes', () => {
  let db: TestDatabase;
  let em: EntityManager;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await seedFigures(em, FIGURES);
    await seedRates(em, '2025-03-01');
  });
  afterAll(() => db?.drop());
  beforeEach(() => em.getConnection().execute('truncate price_listings, unmatched_listings'));

  const stored = () =>
    em.getConnection().execute(
      `select l.external_id, m.set_number, l.confidence_score::text as c from price_listings l
           join minifigures m on m.id = l.minifigure_id order by l.external_id`,
    );

  it('asks for each distinct title once, in chunk order, and stores what one chunk would', async () => {
    const calls: string[][] = [];
    const matcher: TitleMatcher = async (titles) => {
      calls.push(titles);
      return titles.map(answer);
    };
    const chunked = await ingestListings(em, 'eBay', RAWS, { matcher, now: NOW, log: silent, chunkSize: 2 });
    expect(calls).toEqual([
      ['figure sw0002', 'figure sw0004'],
      ['a lot of 20'],
      ['figure sw0580'],
      ['figure sw0187'],
    ]);
    const rows = await stored();
    await em.getConnection().execute('truncate price_listings, unmatched_listings');
    const whole = await ingestListings(em, 'eBay', RAWS, {
      matcher: async (titles) => titles.map(answer),
      now: NOW,
      log: silent,
    });
    expect(chunked).toEqual(whole);
    expect(whole).toMatchObject({ inserted: 8, unmatched: 2, errors: 0 });
    expect(await stored()).toEqual(rows);
  });

  it('writes a chunk while later chunks are still being matched', async () => {
    const pending: { titles: string[]; answer: () => void }[] = [];
    const matcher: TitleMatcher = (titles) =>
      new Promise((resolve) => pending.push({ titles, answer: () => resolve(titles.map(answer)) }));
    const run = ingestListings(em, 'eBay', RAWS, {
      matcher,
      now: NOW,
      log: silent,
      chunkSize: 2,
      concurrency: 1,
    });
    // The first chunk and the two after it are with the matcher before any answer.
    await expect.poll(() => pending.length).toBe(3);
    expect(pending.map((p) => p.titles)).toEqual([
      ['figure sw0002', 'figure sw0004'],
      ['a lot of 20'],
      ['figure sw0580'],
    ]);
    pending[0]?.answer();
    // The first chunk is written while the others wait for their answers.
    await expect.poll(() => count(em, LISTINGS)).toBe(2);
    for (let answered = 1; answered < 4; answered++) {
      await expect.poll(() => pending.length).toBeGreaterThan(answered);
      pending[answered]?.answer();
    }
    expect(await run).toMatchObject({ inserted: 8, unmatched: 2, errors: 0 });
  });

  it('a failed matcher call costs the listings of the chunks that needed it, the rest are stored', async () => {
    const matcher: TitleMatcher = async (titles) => {
      if (titles.includes('figure sw0580')) throw new Error('matcher worker 1 of 2 crashed');
      return titles.map(answer);
    };
    const summary = await ingestListings(em, 'eBay', RAWS, { matcher, now: NOW, log: silent, chunkSize: 2 });
    // The third chunk's call (sw0580 alone: its other title was asked before) fails; the sw0580
    // listings of the third and fifth chunks are lost, every other listing is stored.
    expect(summary).toMatchObject({ inserted: 6, unmatched: 2, errors: 2 });
    expect((await stored()).map((r) => (r as { set_number: string }).set_number)).not.toContain('sw0580');
  });
});
