import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/core/errors.js';
import { EbayClient } from '../../../src/sources/ebay/client.js';
import { createLimiter } from '../../../src/sources/http.js';
import { type FakeEbay, startFakeEbay } from '../../support/fakes/fake-ebay.js';

const ID = 'MinifigS-stonks-PRD-1234567890-abcdef12';
const SECRET = 'PRD-0123456789ab-cdef-0123-4567-89ab';
const NOW = new Date('2026-11-26T12:00:00Z');
const SIZES: Record<string, number> = { 'lego star wars minifigure': 450, 'nothing at all': 0 };

let fake: FakeEbay;
let clock = NOW.getTime();

function client(secret = SECRET) {
  return new EbayClient({
    baseUrl: fake.url,
    marketplaceId: 'EBAY_US',
    credentials: { clientId: ID, clientSecret: secret },
    timeoutMs: 1000,
    limiter: createLimiter({ maxConcurrent: 4, minTimeMs: 0 }),
    retry: { retries: 2, minBackoffMs: 1, maxBackoffMs: 5 },
    now: () => new Date(clock),
  });
}

beforeAll(async () => {
  fake = await startFakeEbay({
    clientId: ID,
    clientSecret: SECRET,
    now: NOW,
    itemsFor: (q) => SIZES[q] ?? 12,
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.server.clearFaults();
  fake.requests.length = 0;
  clock = NOW.getTime();
});

describe('EbayClient against the fake eBay', () => {
  it('gets a client-credentials token with Basic auth and searches the minifigure category', async () => {
    const c = client();
    const page = await c.search('lego harry potter minifigure', { limit: 50 });
    const [token, search] = fake.requests;
    expect(token?.method).toBe('POST');
    expect(token?.url.pathname).toBe('/identity/v1/oauth2/token');
    expect(new URLSearchParams(token?.body)).toEqual(
      new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'https://api.ebay.com/oauth/api_scope',
      }),
    );
    expect(Object.fromEntries(search?.url.searchParams ?? [])).toEqual({
      q: 'lego harry potter minifigure',
      category_ids: '19001',
      filter: 'buyingOptions:{FIXED_PRICE}',
      sort: 'newlyListed',
      limit: '50',
      offset: '0',
    });
    expect(search?.headers['x-ebay-c-marketplace-id']).toBe('EBAY_US');
    expect(search?.headers.authorization).toMatch(/^Bearer v\^1\.1#/);
    const served = fake.itemsFor('lego harry potter minifigure');
    expect(page.listings.map((l) => [l.externalId, l.title, l.price, l.currency])).toEqual(
      served.map((i) => [i.itemId, i.title, i.price.value, i.price.currency]),
    );
    expect(page.more).toBe(false);
  });

  it('pages with limit and offset until eBay has no more', async () => {
    const c = client();
    const pages = [];
    for await (const page of c.searchPages('lego star wars minifigure', { maxPages: 10 })) pages.push(page);
    expect(fake.searchRequests().map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '200', '400']);
    const ids = pages.flatMap((p) => p.listings.map((l) => l.externalId));
    expect(ids).toEqual(fake.itemsFor('lego star wars minifigure').map((i) => i.itemId));
    expect(c.calls).toBe(3);
  });

  it('stops at maxPages', async () => {
    const c = client();
    const pages = [];
    for await (const page of c.searchPages('lego star wars minifigure', { maxPages: 2 })) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(pages[1]?.more).toBe(true);
  });

  it('handles a search with no results (no itemSummaries at all)', async () => {
    const page = await client().search('nothing at all');
    expect(page).toMatchObject({ total: 0, more: false, listings: [], rejected: [] });
  });

  it('reuses the token until shortly before it expires, then renews it', async () => {
    const c = client();
    await c.search('a');
    await Promise.all([c.search('b'), c.search('c')]);
    clock += 7200_000 - 6 * 60_000; // 6 minutes before expiry: still used
    await c.search('d');
    expect(c.tokenRequests).toBe(1);
    clock += 2 * 60_000; // 4 minutes before expiry: renewed
    await c.search('e');
    expect(c.tokenRequests).toBe(2);
    expect(fake.tokensIssued).toBeGreaterThanOrEqual(2);
  });

  it('shares one token request between concurrent searches', async () => {
    const c = client();
    await Promise.all(['a', 'b', 'c', 'd'].map((q) => c.search(q)));
    expect(c.tokenRequests).toBe(1);
  });

  it('renews a revoked token once and carries on', async () => {
    const c = client();
    await c.search('a');
    fake.revokeTokens();
    await expect(c.search('b')).resolves.toMatchObject({ total: 12 });
    expect(c.tokenRequests).toBe(2);
  });

  it('fails clearly, without retrying and without the secret, when the credentials are wrong', async () => {
    const err = await client('wrong-secret')
      .search('a')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as Error).message).toContain('invalid_client');
    expect((err as Error).message).not.toContain('wrong-secret');
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['429 with Retry-After', { kind: '429', retryAfter: '1' }],
    ['500', { kind: '500' }],
    ['a hang past the timeout', { kind: 'hang' }],
    ['truncated JSON', { kind: 'truncated' }],
  ] as const)('recovers from %s and loses nothing', async (_name, fault) => {
    fake.inject(fault);
    const c = client();
    const page = await c.search('lego ninjago minifigure');
    expect(page.listings).toHaveLength(fake.itemsFor('lego ninjago minifigure').length);
    expect(c.calls).toBe(2);
  });

  it('rejects only the item priced "abc"', async () => {
    fake.inject({ kind: 'bad-price' });
    const page = await client().search('lego city minifigure');
    expect(page.rejected.map((r) => r.reason)).toEqual(['price "abc" is not a decimal']);
    expect(page.listings).toHaveLength(fake.itemsFor('lego city minifigure').length - 1);
  });
});
