import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawListing } from '../../../src/ingest/types.js';
import { LegoClient } from '../../../src/sources/lego/client.js';
import { fetchRetailPrice } from '../../../src/sources/lego/fetch-retail.js';
import { type ProductMapping, readProductMapping } from '../../../src/sources/lego/mapping.js';
import { fakeLego, productPage } from '../../support/fakes/fake-lego.js';
import type { FakeServer } from '../../support/fakes/fake-server.js';

const NOW = new Date('2026-11-26T15:30:00Z');

/** Each product in turn, as the lego job takes them: its listing, why it has none, or a failure. */
async function fetchRetailPrices(opts: { client: LegoClient; products: ProductMapping[]; now: Date }) {
  const result = {
    listings: [] as RawListing[],
    skipped: [] as { path: string; reason: string }[],
    errors: 0,
  };
  for (const product of opts.products) {
    try {
      const price = await fetchRetailPrice(opts.client, product, opts.now);
      if ('listing' in price) result.listings.push(price.listing);
      else result.skipped.push({ path: product.path, reason: price.skipped });
    } catch {
      result.errors++;
    }
  }
  return result;
}
const PAGES = {
  '/en-us/product/darth-vader-1': productPage({ name: 'Darth Vader Minifigure', sku: '5005', price: 5.99 }),
  '/en-us/product/series-25-71045': productPage({
    name: 'Series 25',
    sku: '71045',
    price: '4.99',
    graph: true,
  }),
  '/en-us/product/no-price': '<html><body>Coming soon</body></html>',
  '/en-us/product/secret-thing': productPage({ name: 'Secret', sku: '1', price: 1 }),
};

describe('LEGO retail prices', () => {
  let fake: FakeServer;
  const client = (pagesPerHour = 3_600_000) =>
    new LegoClient({
      baseUrl: fake.url,
      timeoutMs: 1000,
      pagesPerHour,
      retry: { retries: 1, minBackoffMs: 1, maxBackoffMs: 2 },
    });

  beforeAll(async () => {
    fake = await fakeLego(PAGES).start();
  });
  afterAll(() => fake.close());

  it('reads the mapping from source metadata and reports bad entries', () => {
    const m = readProductMapping({
      products: [
        { path: '/en-us/product/darth-vader-1', item_no: 'sw0636' },
        { path: 'no-slash', item_no: 'x' },
        7,
      ],
    });
    expect(m.products).toEqual([{ path: '/en-us/product/darth-vader-1', itemNo: 'sw0636' }]);
    expect(m.invalid).toHaveLength(2);
    expect(readProductMapping(undefined)).toEqual({ products: [], invalid: [] });
  });

  it('honours robots.txt, takes one asking price per product per day, and skips pages without a price', async () => {
    fake.requests.length = 0;
    const result = await fetchRetailPrices({
      client: client(),
      products: [
        { path: '/en-us/product/darth-vader-1', itemNo: 'sw0636' },
        { path: '/en-us/product/series-25-71045', itemNo: 'col25-1' },
        { path: '/en-us/product/no-price', itemNo: 'sw0001' },
        { path: '/en-us/product/secret-thing', itemNo: 'sw0002' },
        { path: '/en-us/product/gone', itemNo: 'sw0003' },
      ],
      now: NOW,
    });
    expect(result.listings.map((l) => [l.itemNo, l.price, l.currency, l.externalId])).toEqual([
      ['sw0636', '5.99', 'USD', '/en-us/product/darth-vader-1@2026-11-26'],
      ['col25-1', '4.99', 'USD', '/en-us/product/series-25-71045@2026-11-26'],
    ]);
    expect(result.listings[0]).toMatchObject({
      kind: 'asking',
      condition: 'new',
      quantity: 1,
      timestamp: new Date('2026-11-26T00:00:00Z'),
    });
    expect(result.skipped).toEqual([
      { path: '/en-us/product/no-price', reason: 'no schema.org Product offer with a price on the page' },
      { path: '/en-us/product/secret-thing', reason: 'disallowed by robots.txt' },
    ]);
    expect(result.errors).toBe(1); // the 404 page
    const fetched = fake.requests.map((r) => r.url.pathname);
    expect(fetched).not.toContain('/en-us/product/secret-thing');
    expect(fetched.filter((p) => p === '/robots.txt')).toHaveLength(1);
    expect(fake.requests.every((r) => String(r.headers['user-agent']).startsWith('minifig-stonks/'))).toBe(
      true,
    );
  });

  it('spaces page requests by the configured rate', async () => {
    fake.requests.length = 0;
    // 7,200 pages an hour: at least 500 ms between requests.
    await fetchRetailPrices({
      client: client(7_200),
      products: [
        { path: '/en-us/product/darth-vader-1', itemNo: 'sw0636' },
        { path: '/en-us/product/series-25-71045', itemNo: 'col25-1' },
      ],
      now: NOW,
    });
    const times = fake.requests.map((r) => r.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('retries a 500 and a 429, and fetches nothing when robots.txt cannot be read', async () => {
    fake.requests.length = 0;
    fake.inject({ kind: '500' }, { match: (r) => r.url.pathname.endsWith('darth-vader-1') });
    fake.inject({ kind: '429', retryAfter: '0' }, { match: (r) => r.url.pathname.endsWith('71045') });
    const ok = await fetchRetailPrices({
      client: client(),
      products: [
        { path: '/en-us/product/darth-vader-1', itemNo: 'sw0636' },
        { path: '/en-us/product/series-25-71045', itemNo: 'col25-1' },
      ],
      now: NOW,
    });
    expect(ok.listings).toHaveLength(2);

    fake.inject({ kind: '500' }, { times: 5, match: (r) => r.url.pathname === '/robots.txt' });
    const blocked = await fetchRetailPrices({
      client: client(),
      products: [{ path: '/en-us/product/darth-vader-1', itemNo: 'sw0636' }],
      now: NOW,
    });
    expect(blocked).toMatchObject({ listings: [], errors: 1 });
    fake.clearFaults();
  });
});
