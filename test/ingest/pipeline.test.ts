import type { EntityManager } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestListings } from '../../src/ingest/pipeline.js';
import type { RawListing, TitleMatch, TitleMatcher } from '../../src/ingest/types.js';
import { createMatcher } from '../../src/matching/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { count, seedFigures, seedRates } from '../support/ingest-fixtures.js';

const LISTINGS = 'select count(*) as n from price_listings';
const UNMATCHED = 'select count(*) as n from unmatched_listings';
const silent = pino({ level: 'silent' });
const NOW = new Date('2025-05-10T08:00:00Z');

/** A BrickLink sold entry as the source client reports it (price_detail, USD unless said). */
function sold(itemNo: string, i: number, price: string, currency = 'USD'): RawListing {
  const date = new Date(Date.UTC(2025, 3, 1 + (i % 30), 15, 0, 0));
  const raw = {
    quantity: 1,
    unit_price: price,
    seller_country_code: 'DE',
    buyer_country_code: 'US',
    date_ordered: date.toISOString(),
  };
  return {
    externalId: `${itemNo}:sold:U:${i}`,
    timestamp: date,
    kind: 'sold',
    condition: 'used',
    quantity: 1,
    price,
    currency,
    itemNo,
    raw,
  };
}

/** An eBay item summary as the source client reports it: no item number, a title to match. */
function ebay(id: string, title: string, price: string, currency = 'USD'): RawListing {
  return {
    externalId: `v1|${id}|0`,
    timestamp: new Date('2025-05-09T10:00:00Z'),
    kind: 'asking',
    condition: 'used',
    quantity: 1,
    price,
    currency,
    title,
    sellerName: 'brick_dealer',
    raw: { itemId: `v1|${id}|0`, title, price: { value: price, currency } },
  };
}

/** A stand-in for src/matching: answers from a table and records what it was asked. */
function fakeMatcher(table: Record<string, TitleMatch>): TitleMatcher & { calls: string[][] } {
  const calls: string[][] = [];
  const fn = async (titles: string[]) => {
    calls.push(titles);
    return titles.map((t) => table[t] ?? { itemNo: null, confidence: 0, candidates: [] });
  };
  return Object.assign(fn, { calls });
}

describe('ingestListings', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let figures: Map<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    figures = await seedFigures(em, ['sw0002', 'sw0004', 'sw0580', 'sw0187']);
    await seedRates(em, '2025-03-01');
  });
  afterAll(() => db?.drop());
  beforeEach(async () => {
    await em.getConnection().execute('truncate price_listings, unmatched_listings');
    await em
      .getConnection()
      .execute('update data_sources set last_scraped_at = null, last_scrape_success = null');
  });

  async function sourceState(name: string) {
    const [row] = await em
      .getConnection()
      .execute<{ at: string | null; ok: boolean | null }[]>(
        'select last_scraped_at as at, last_scrape_success as ok from data_sources where name = ?',
        [name],
      );
    return { at: row?.at ? new Date(row.at) : null, ok: row?.ok };
  }

  it('writes listings of known figures, rejects a bad price mid-batch without losing the rest, and a rerun inserts nothing', async () => {
    const raws: RawListing[] = [];
    for (let i = 0; i < 30; i++) raws.push(sold(i % 2 ? 'sw0002' : 'sw0004', i, `${20 + i}.5000`));
    raws.splice(12, 0, { ...sold('sw0004', 99, 'abc'), externalId: 'bad-price' });
    raws.splice(20, 0, { ...sold('sw0004', 98, '15.00', 'TWD'), externalId: 'twd' });
    raws.push({ ...sold('sw0004', 97, '1.00'), itemNo: undefined, externalId: 'nothing-to-match' });

    const first = await ingestListings(em, 'BrickLink', raws, { now: NOW, log: silent });
    expect(first).toMatchObject({
      fetched: 33,
      inserted: 30,
      duplicates: 0,
      unmatched: 0,
      rejected: 3,
      errors: 0,
    });
    expect(first.rejects).toEqual([
      { externalId: 'nothing-to-match', reason: 'neither an item number nor a title to match' },
      { externalId: 'bad-price', reason: 'bad price "abc"' },
      { externalId: 'twd', reason: 'unknown currency "TWD": no ECB reference rate exists for it' },
    ]);
    expect(await count(em, LISTINGS)).toBe(30);
    // Every good listing is there exactly once, on the right figure.
    expect(
      await count(
        em,
        `select count(distinct (external_id, "timestamp")) as n from price_listings l
         join minifigures m on m.id = l.minifigure_id
         where split_part(l.external_id, ':', 1) = m.set_number and l.confidence_score = 1`,
      ),
    ).toBe(30);
    expect(await sourceState('BrickLink')).toEqual({ at: NOW, ok: true });

    const again = await ingestListings(em, 'BrickLink', raws, { now: NOW, log: silent });
    expect(again).toMatchObject({ fetched: 33, inserted: 0, duplicates: 30, rejected: 3, errors: 0 });
    expect(await count(em, LISTINGS)).toBe(30);
  });

  it('converts with the rate of the listing’s date and keeps the original price, currency and rate', async () => {
    // Saturday 2025-05-10: Friday's rate (EUR = 1/1.1252 per USD). 10 EUR = 11.2520 USD.
    const listing = { ...sold('sw0580', 1, '10.00', 'EUR'), timestamp: new Date('2025-05-10T12:00:00Z') };
    await ingestListings(em, 'BrickLink', [listing], { now: NOW, log: silent });
    const [row] = await em.getConnection().execute(
      `select price_usd::text as usd, original_price::text as orig, original_currency as cur,
              exchange_rate::text as rate, raw_data as raw
       from price_listings`,
    );
    const expectedRate = await em
      .getConnection()
      .execute<{ r: string }[]>(`select round(1 / 1.1252, 10)::text as r`);
    expect(row).toEqual({
      usd: '11.2520',
      orig: '10.0000',
      cur: 'EUR',
      rate: expectedRate[0]?.r,
      raw: JSON.parse(JSON.stringify(listing.raw)),
    });
  });

  it('keeps listings of figures missing from the catalogue for review, never forcing them onto a figure', async () => {
    const raws = [sold('sw0002', 1, '30.00'), sold('sw1507', 2, '12.00'), sold('sw1507', 3, '13.00')];
    const summary = await ingestListings(em, 'BrickLink', raws, { now: NOW, log: silent });
    expect(summary).toMatchObject({ inserted: 1, unmatched: 2, rejected: 0 });
    expect(await count(em, LISTINGS)).toBe(1);
    const kept = await em
      .getConnection()
      .execute(
        `select external_id, item_no, reason, price::text, currency, price_usd::text from unmatched_listings order by external_id`,
      );
    expect(kept).toEqual([
      {
        external_id: 'sw1507:sold:U:2',
        item_no: 'sw1507',
        reason: 'item number sw1507 is not in the catalogue',
        price: '12.0000',
        currency: 'USD',
        price_usd: '12.0000',
      },
      {
        external_id: 'sw1507:sold:U:3',
        item_no: 'sw1507',
        reason: 'item number sw1507 is not in the catalogue',
        price: '13.0000',
        currency: 'USD',
        price_usd: '13.0000',
      },
    ]);
    const again = await ingestListings(em, 'BrickLink', raws, { now: NOW, log: silent });
    expect(again).toMatchObject({ inserted: 0, duplicates: 1, unmatched: 2 });
    expect(await count(em, UNMATCHED)).toBe(2);
  });

  it('matches titles in one matcher call, stores confident matches, and keeps the rest with their candidates', async () => {
    const matcher = fakeMatcher({
      'LEGO Star Wars Snowtrooper Commander sw0580 minifigure': {
        itemNo: 'sw0580',
        confidence: 0.97,
        candidates: [{ itemNo: 'sw0580', score: 0.97 }],
      },
      'Lego Darth Vader': {
        itemNo: null,
        reason: 'ambiguous',
        confidence: 0.41,
        candidates: [
          { itemNo: 'sw0004', score: 0.41 },
          { itemNo: 'sw0636', score: 0.4 },
        ],
      },
      'Boba Fett minifig': {
        itemNo: 'sw9999',
        confidence: 0.8,
        candidates: [{ itemNo: 'sw9999', score: 0.8 }],
      },
    });
    const raws = [
      ebay('1', 'LEGO Star Wars Snowtrooper Commander sw0580 minifigure', '24.99'),
      ebay('2', 'Lego Darth Vader', '19.99', 'GBP'),
      ebay('3', 'LEGO Star Wars Snowtrooper Commander sw0580 minifigure', '26.00', 'EUR'),
      ebay('4', 'Boba Fett minifig', '40.00'),
      ebay('5', 'LEGO lot of 20 minifigures', 'abc'),
    ];
    const summary = await ingestListings(em, 'eBay', raws, { matcher, now: NOW, log: silent });
    expect(summary).toMatchObject({ fetched: 5, inserted: 2, unmatched: 2, rejected: 1, errors: 0 });
    expect(matcher.calls).toEqual([
      ['LEGO Star Wars Snowtrooper Commander sw0580 minifigure', 'Lego Darth Vader', 'Boba Fett minifig'],
    ]);
    const matched = await em.getConnection().execute(
      `select l.external_id, m.set_number, l.confidence_score::text as c, l.seller_name from price_listings l
         join minifigures m on m.id = l.minifigure_id order by l.external_id`,
    );
    expect(matched).toEqual([
      { external_id: 'v1|1|0', set_number: 'sw0580', c: '0.970', seller_name: 'brick_dealer' },
      { external_id: 'v1|3|0', set_number: 'sw0580', c: '0.970', seller_name: 'brick_dealer' },
    ]);
    const kept = await em
      .getConnection()
      .execute(
        `select external_id, title, reason, best_confidence::text as best, candidates, currency from unmatched_listings order by external_id`,
      );
    expect(kept).toEqual([
      {
        external_id: 'v1|2|0',
        title: 'Lego Darth Vader',
        reason: 'no catalogue figure matched the title confidently (ambiguous)',
        best: '0.410',
        candidates: [
          { item_no: 'sw0004', score: 0.41 },
          { item_no: 'sw0636', score: 0.4 },
        ],
        currency: 'GBP',
      },
      {
        external_id: 'v1|4|0',
        title: 'Boba Fett minifig',
        reason: 'matched sw9999, which is not in the catalogue',
        best: '0.800',
        candidates: [{ item_no: 'sw9999', score: 0.8 }],
        currency: 'USD',
      },
    ]);
    expect(await sourceState('eBay')).toEqual({ at: NOW, ok: true });
  });

  it('works with the real matcher (src/matching) as it is', async () => {
    const matcher = await createMatcher(em);
    const raws = [
      ebay('11', 'LEGO Star Wars Snowtrooper Commander SW0580 minifigure', '24.99'),
      ebay('12', 'Job lot 20x LEGO minifigures bundle', '35.00'),
    ];
    const summary = await ingestListings(em, 'eBay', raws, {
      matcher: (t) => matcher.match(t),
      now: NOW,
      log: silent,
    });
    expect(summary).toMatchObject({ fetched: 2, inserted: 1, unmatched: 1, rejected: 0, errors: 0 });
    const [stored] = await em
      .getConnection()
      .execute('select m.set_number from price_listings l join minifigures m on m.id = l.minifigure_id');
    expect(stored).toEqual({ set_number: 'sw0580' });
    const [kept] = await em.getConnection().execute('select external_id, reason from unmatched_listings');
    expect(kept).toMatchObject({ external_id: 'v1|12|0' });
    expect((kept as { reason: string }).reason).toMatch(
      /^no catalogue figure matched the title confidently \(.+\)$/,
    );
  });

  it('a failing matcher costs only the listings that needed it, and marks the run unsuccessful', async () => {
    const broken: TitleMatcher = async () => {
      throw new Error('matcher index not loaded');
    };
    const raws = [
      sold('sw0002', 1, '30.00'),
      ebay('7', 'LEGO Snowtrooper Commander', '20.00'),
      sold('sw0004', 2, '31.00'),
    ];
    const summary = await ingestListings(em, 'eBay', raws, { matcher: broken, now: NOW, log: silent });
    expect(summary).toMatchObject({ fetched: 3, inserted: 2, unmatched: 0, rejected: 0, errors: 1 });
    expect(await count(em, LISTINGS)).toBe(2);
    expect(await count(em, UNMATCHED)).toBe(0);
    expect(await sourceState('eBay')).toEqual({ at: NOW, ok: false });
  });

  it('rejects listings the database would refuse, one by one, and stores the others', async () => {
    const good = sold('sw0002', 1, '30.00');
    const raws: RawListing[] = [
      { ...good, externalId: 'q0', quantity: 0 },
      { ...good, externalId: 'k', kind: 'bid' as never },
      { ...good, externalId: 'c', condition: 'mint' as never },
      { ...good, externalId: 't', timestamp: new Date('not a date') },
      { ...good, externalId: '' },
      { ...good, externalId: 'zero', price: '0.00' },
      { ...good, externalId: 'nul\u0000', sellerName: 'x\u0000y', raw: { note: 'a\u0000b' } },
      good,
    ];
    const summary = await ingestListings(em, 'BrickLink', raws, { now: NOW, log: silent });
    expect(summary.rejects?.map((r) => r.externalId)).toEqual(['q0', 'k', 'c', 't', '', 'zero']);
    expect(summary).toMatchObject({ inserted: 2, rejected: 6, errors: 0 });
    expect(await count(em, LISTINGS)).toBe(2);
    const [nul] = await em
      .getConnection()
      .execute(`select external_id, seller_name, raw_data from price_listings where external_id = 'nul'`);
    expect(nul).toEqual({ external_id: 'nul', seller_name: 'xy', raw_data: { note: 'ab' } });
  });

  it('refuses an unknown source name', async () => {
    await expect(ingestListings(em, 'Craigslist', [], { now: NOW, log: silent })).rejects.toThrow(
      'unknown data source "Craigslist"',
    );
  });

  it('stores figures whatever the case of the item number', async () => {
    const summary = await ingestListings(em, 'BrickLink', [sold('SW0187', 1, '5.00')], {
      now: NOW,
      log: silent,
    });
    expect(summary.inserted).toBe(1);
    const [row] = await em
      .getConnection()
      .execute<{ id: string }[]>('select minifigure_id as id from price_listings');
    expect(row?.id).toBe(figures.get('sw0187'));
  });
});
