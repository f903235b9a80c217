import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/core/errors.js';
import { mapPriceGuide } from '../../../src/sources/bricklink/mapper.js';
import { checkEnvelope, normalisePrice, parsePriceGuide } from '../../../src/sources/bricklink/wire.js';
import { REPO_ROOT } from '../../support/paths.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/bricklink', name), 'utf8'));
}

const SOLD = parsePriceGuide(fixture('price-guide-sold-used.json'), 'test');
const STOCK = parsePriceGuide(fixture('price-guide-stock-new.json'), 'test');
const FETCHED = new Date('2026-11-26T14:30:00Z');

describe('BrickLink sold guide', () => {
  const sold = mapPriceGuide({ itemNo: 'sw0001a', guideType: 'sold', newOrUsed: 'U' }, SOLD, FETCHED);

  it('turns every valid entry into a used sale dated by date_ordered, and rejects the price "abc" alone', () => {
    expect(sold.listings.map((l) => [l.timestamp.toISOString(), l.price, l.quantity])).toEqual([
      ['2026-02-03T18:22:41.117Z', '6.9900', 1],
      ['2026-09-14T09:05:12.003Z', '2.5000', 2],
      ['2026-09-14T09:05:12.003Z', '2.5000', 2],
      ['2026-11-01T23:59:59.000Z', '3.6000', 1],
    ]);
    expect(sold.listings.every((l) => l.kind === 'sold' && l.condition === 'used')).toBe(true);
    expect(sold.listings.every((l) => l.itemNo === 'sw0001a' && l.currency === 'USD')).toBe(true);
    expect(sold.rejected).toEqual([{ reason: 'unit_price "abc" is not a price', raw: SOLD.price_detail[4] }]);
  });

  it('keeps a sale older than the 6-month window with its own date', () => {
    const oldest = sold.listings[0];
    expect(oldest?.timestamp.getTime()).toBeLessThan(FETCHED.getTime() - 182 * 86_400_000);
  });

  it('keeps the countries and the upstream entry in raw', () => {
    expect(sold.listings[0]?.raw).toEqual({
      ...(SOLD.price_detail[0] as object),
      guide_type: 'sold',
      new_or_used: 'U',
    });
    expect(sold.listings[0]?.raw).toMatchObject({ seller_country_code: 'DE', buyer_country_code: 'US' });
  });

  it('gives two genuinely identical sales distinct ids, and a refetch the same ids', () => {
    const ids = sold.listings.map((l) => l.externalId);
    expect(new Set(ids).size).toBe(4);
    const later = mapPriceGuide(
      { itemNo: 'sw0001a', guideType: 'sold', newOrUsed: 'U' },
      SOLD,
      new Date('2026-12-20T08:00:00Z'),
    );
    expect(later.listings.map((l) => l.externalId)).toEqual(ids);
  });

  it('derives ids by the stored formula, so ids already in the database still match after an upgrade', () => {
    const identity = ['sw0001a', 'U', 'sold', '2026-09-14T09:05:12.003Z', '2.5000', 2, 'US', 'US'];
    const id = (ordinal: number) =>
      `bl:${createHash('sha256')
        .update(JSON.stringify([...identity, ordinal]))
        .digest('hex')
        .slice(0, 32)}`;
    const raw = (sold.listings[1]?.raw ?? {}) as Record<string, unknown>;
    expect([raw.seller_country_code, raw.buyer_country_code]).toEqual(['US', 'US']);
    expect([sold.listings[1]?.externalId, sold.listings[2]?.externalId]).toEqual([id(0), id(1)]);
  });

  it('keeps ids stable when a price arrives as a number instead of a 4-decimal string', () => {
    const asNumbers = {
      ...SOLD,
      price_detail: SOLD.price_detail.map((e) => ({ ...(e as object), unit_price: 2.5 })),
    };
    const asStrings = {
      ...SOLD,
      price_detail: SOLD.price_detail.map((e) => ({ ...(e as object), unit_price: '2.5000' })),
    };
    const req = { itemNo: 'sw0001a', guideType: 'sold', newOrUsed: 'U' } as const;
    expect(mapPriceGuide(req, asNumbers, FETCHED).listings.map((l) => l.externalId)).toEqual(
      mapPriceGuide(req, asStrings, FETCHED).listings.map((l) => l.externalId),
    );
  });

  it('reports BrickLink summary figures', () => {
    expect(sold.summary).toEqual({
      itemNo: 'sw0001a',
      guideType: 'sold',
      newOrUsed: 'U',
      condition: 'used',
      currency: 'USD',
      minPrice: '2.5000',
      maxPrice: '6.9900',
      avgPrice: '4.3633',
      qtyAvgPrice: '4.1225',
      unitQuantity: 3,
      totalQuantity: 4,
    });
  });
});

describe('BrickLink stock guide', () => {
  const req = { itemNo: 'sw0001a', guideType: 'stock', newOrUsed: 'N' } as const;
  const stock = mapPriceGuide(req, STOCK, FETCHED);

  it('turns lots for sale into new asking listings observed on the fetch day', () => {
    expect(stock.listings.map((l) => [l.price, l.quantity, l.kind, l.condition])).toEqual([
      ['8.0000', 5, 'asking', 'new'],
      ['14.2500', 2, 'asking', 'new'],
      // Only the typo'd duplicate field carries this lot's quantity.
      ['10.0000', 1, 'asking', 'new'],
    ]);
    for (const l of stock.listings) expect(l.timestamp.toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('dedupes a refetch on the same day and records a new observation on the next', () => {
    const ids = stock.listings.map((l) => l.externalId);
    const sameDay = mapPriceGuide(req, STOCK, new Date('2026-11-26T23:59:00Z'));
    expect(sameDay.listings.map((l) => l.externalId)).toEqual(ids);
    const nextDay = mapPriceGuide(req, STOCK, new Date('2026-11-27T00:01:00Z'));
    expect(nextDay.listings.some((l) => ids.includes(l.externalId))).toBe(false);
  });

  it('does not mix up conditions or guide types in the ids', () => {
    const used = mapPriceGuide({ ...req, newOrUsed: 'U' }, STOCK, FETCHED);
    expect(used.listings.some((l) => stock.listings.some((s) => s.externalId === l.externalId))).toBe(false);
  });
});

describe('BrickLink no-data guide', () => {
  it('treats an all-zero guide as no data, not as prices of zero', () => {
    const data = parsePriceGuide(fixture('price-guide-no-data.json'), 'test');
    const mapped = mapPriceGuide({ itemNo: 'col999', guideType: 'sold', newOrUsed: 'N' }, data, FETCHED);
    expect(mapped).toEqual({ summary: null, listings: [], rejected: [] });
  });
});

describe('BrickLink envelope', () => {
  it('turns a 401 inside HTTP 200 into a non-retryable SourceError that names the problem', () => {
    let caught: unknown;
    try {
      checkEnvelope(fixture('error-401-inside-200.json'), 'BrickLink sw0001a sold/N');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SourceError);
    expect(caught).toMatchObject({ retryable: false, status: 401 });
    expect((caught as Error).message).toBe(
      'BrickLink sw0001a sold/N: BrickLink error 401 inside HTTP 200 ' +
        '(BAD_OAUTH_REQUEST: TOKEN_VALUE_MISMATCHED: the access token does not match the consumer key)',
    );
  });

  it('treats 5xx and 429 inside HTTP 200 as transient, and a body without meta as not', () => {
    const inside = (code: number) => () => checkEnvelope({ meta: { code, message: 'X' }, data: {} }, 't');
    expect(inside(503)).toThrow(expect.objectContaining({ retryable: true, status: 503 }));
    expect(inside(429)).toThrow(expect.objectContaining({ retryable: true }));
    expect(inside(404)).toThrow(expect.objectContaining({ retryable: false }));
    expect(() => checkEnvelope({ data: {} }, 't')).toThrow(expect.objectContaining({ retryable: false }));
    expect(() => checkEnvelope({ meta: { code: 200 }, data: {} }, 't')).not.toThrow();
  });

  it('rejects a price guide of the wrong shape with the field named', () => {
    expect(() => parsePriceGuide({ meta: { code: 200 }, data: { new_or_used: 'X' } }, 'g')).toThrow(
      /g: unexpected price guide shape \(new_or_used: /,
    );
  });
});

describe('normalisePrice', () => {
  it('accepts 4-decimal strings and numbers, and nothing else', () => {
    expect(normalisePrice('12.3400')).toBe('12.3400');
    expect(normalisePrice('7')).toBe('7.0000');
    expect(normalisePrice('0012.5')).toBe('12.5000');
    expect(normalisePrice(3.6)).toBe('3.6000');
    expect(normalisePrice(0)).toBe('0.0000');
    for (const bad of ['abc', '', '-1.0000', '1e3', '1.2.3', -2, Number.NaN, null, undefined, {}]) {
      expect(normalisePrice(bad)).toBeNull();
    }
  });
});
