import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/core/errors.js';
import { BrickLinkClient } from '../../../src/sources/bricklink/client.js';
import type { BrickLinkCredentials } from '../../../src/sources/bricklink/oauth.js';
import { createLimiter } from '../../../src/sources/http.js';
import { type FakeBrickLink, itemOf, startFakeBrickLink } from '../../support/fakes/fake-bricklink.js';

const CREDENTIALS: BrickLinkCredentials = {
  consumerKey: 'C0NSUMER',
  consumerSecret: 'consumer secret/+=',
  token: 'T0KEN',
  tokenSecret: 'token&secret',
};
const NOW = new Date('2026-11-26T12:00:00Z');

let fake: FakeBrickLink;

function client(credentials = CREDENTIALS) {
  return new BrickLinkClient({
    baseUrl: fake.url,
    credentials,
    timeoutMs: 1000,
    limiter: createLimiter({ maxConcurrent: 4, minTimeMs: 0 }),
    retry: { retries: 2, minBackoffMs: 1, maxBackoffMs: 5 },
    now: () => NOW,
  });
}

/** What the fake serves for a figure: every detail entry of its four guides. */
function servedEntries(itemNo: string): number {
  let n = 0;
  for (const g of ['sold', 'stock'] as const) {
    for (const c of ['N', 'U'] as const) n += fake.guide(itemNo, g, c)?.price_detail.length ?? 0;
  }
  return n;
}

beforeAll(async () => {
  fake = await startFakeBrickLink({
    credentials: CREDENTIALS,
    now: NOW,
    noData: ['col999'],
    numericPrices: ['sw0002'],
    unknown: ['xx9999'],
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.server.clearFaults();
  fake.requests.length = 0;
});

describe('BrickLinkClient against the fake Store API', () => {
  it('fetches the four guides with signed requests in USD, without VAT or region', async () => {
    const c = client();
    const result = await c.fetchFigure('sw0001a');
    expect(c.calls).toBe(4);
    const queries = fake.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(queries).toEqual(
      expect.arrayContaining(
        ['sold', 'stock'].flatMap((guide_type) =>
          ['N', 'U'].map((new_or_used) => ({ guide_type, new_or_used, currency_code: 'USD', vat: 'N' })),
        ),
      ),
    );
    expect(fake.requests.every((r) => r.url.pathname === '/api/store/v1/items/MINIFIG/sw0001a/price')).toBe(
      true,
    );
    expect(result.listings).toHaveLength(servedEntries('sw0001a'));
    expect(result.rejected).toEqual([]);
    expect(result.guides.map((g) => [g.guideType, g.newOrUsed, g.detail.length])).toEqual(
      ['sold', 'stock'].flatMap((t) =>
        ['N', 'U'].map((c) => [t, c, fake.guide('sw0001a', t as 'sold', c as 'N')?.price_detail.length]),
      ),
    );
    expect(result.guides.every((g) => g.summary !== null && g.currency === 'USD')).toBe(true);
  });

  it('maps sold and stock entries of the right conditions', async () => {
    const result = await client().fetchFigure('sw0001a');
    const count = (kind: string, condition: string) =>
      result.listings.filter((l) => l.kind === kind && l.condition === condition).length;
    expect(count('sold', 'new')).toBe(fake.guide('sw0001a', 'sold', 'N')?.price_detail.length);
    expect(count('sold', 'used')).toBe(fake.guide('sw0001a', 'sold', 'U')?.price_detail.length);
    expect(count('asking', 'new')).toBe(fake.guide('sw0001a', 'stock', 'N')?.price_detail.length);
    expect(count('asking', 'used')).toBe(fake.guide('sw0001a', 'stock', 'U')?.price_detail.length);
    expect(new Set(result.listings.map((l) => l.externalId)).size).toBe(result.listings.length);
  });

  it('accepts prices sent as JSON numbers', async () => {
    const result = await client().fetchFigure('sw0002');
    const served = fake
      .guide('sw0002', 'stock', 'N')
      ?.price_detail.map((e) => (e.unit_price as number).toFixed(4));
    const mapped = result.listings
      .filter((l) => l.kind === 'asking' && l.condition === 'new')
      .map((l) => l.price);
    expect(mapped).toEqual(served);
  });

  it('returns nothing for a figure whose guides are all zero', async () => {
    const result = await client().fetchFigure('col999');
    expect(result).toMatchObject({ listings: [], rejected: [] });
    expect(result.guides.map((g) => g.summary)).toEqual([null, null, null, null]);
  });

  it('fails without retrying when the signature is wrong (401 inside HTTP 200)', async () => {
    const err = await client({ ...CREDENTIALS, tokenSecret: 'wrong' })
      .fetchFigure('sw0001a')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as Error).message).toContain('BAD_OAUTH_REQUEST: SIGNATURE_INVALID');
    expect(fake.requests).toHaveLength(4);
  });

  it('fails the figure on an injected 401 inside HTTP 200', async () => {
    fake.inject({ kind: '401-in-200' }, { times: 1 });
    const err = await client()
      .fetchFigure('sw0001a')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as Error).message).toContain('TOKEN_IP_MISMATCHED');
  });

  it('fails on an item BrickLink does not know (404 inside HTTP 200)', async () => {
    const err = await client()
      .fetchFigure('xx9999')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, status: 404 });
  });

  it.each([
    ['429 with Retry-After', { kind: '429', retryAfter: '1' }],
    ['500', { kind: '500' }],
    ['a hang past the timeout', { kind: 'hang' }],
    ['truncated JSON', { kind: 'truncated' }],
  ] as const)('recovers from %s with a re-signed retry and loses nothing', async (_name, fault) => {
    fake.inject(fault, { times: 1 });
    const c = client();
    const result = await c.fetchFigure('sw0003');
    expect(result.listings).toHaveLength(servedEntries('sw0003'));
    expect(c.calls).toBe(5);
  });

  it('rejects only the entry priced "abc"', async () => {
    fake.inject({ kind: 'bad-price' }, { times: 1 });
    const result = await client().fetchFigure('sw0004');
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.reason).toBe('unit_price "abc" is not a price');
    expect(result.listings).toHaveLength(servedEntries('sw0004') - 1);
  });

  it('gives up on a figure whose guide keeps failing, after the retries', async () => {
    fake.inject({ kind: '500' }, { times: Number.POSITIVE_INFINITY, itemNo: 'sw0005' });
    const c = client();
    const err = await c.fetchFigure('sw0005').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, status: 500 });
    expect(fake.requests.filter((r) => itemOf(r) === 'sw0005')).toHaveLength(4 * 3);
  });
});
