/**
 * The price port with its reads kept: a figure's quote is read once for both conditions, whichever
 * is asked, and each condition's part comes out as the port would give it alone; the stored
 * headlines of a search are kept too. A change notification drops them all.
 */
import { describe, expect, it } from 'vitest';
import { keptPrices } from '../../src/cache/kept-prices.js';
import { untilChanged } from '../../src/cache/until-changed.js';
import type { ConditionQuote, PriceQuote } from '../../src/deps.js';
import { FIGURES, fakeDeps } from '../support/fake-deps.js';

const quoteOf = (condition: 'new' | 'used', source: string, median: number): ConditionQuote => ({
  condition,
  basis: 'sold',
  windowDays: 30,
  listingCount: 6,
  median,
  min: median - 1,
  max: median + 1,
  lowConfidence: false,
  change7d: null,
  change30d: null,
  bySource: [{ source, listingCount: 6, median }],
});
const QUOTE: PriceQuote = {
  figure: FIGURES.sw0002,
  conditions: [quoteOf('new', 'BrickLink', 20)],
  asOf: new Date('2026-11-26T09:30:00Z'),
  sources: ['BrickLink'],
};

function setUp() {
  const deps = fakeDeps({
    quotes: new Map([['sw0002', QUOTE]]),
    storedHeadlines: [{ figureId: FIGURES.sw0002.id, condition: 'new', date: '2026-11-25', price: 19 }],
  });
  const kept = untilChanged();
  kept.setEnabled(true);
  const prices = keptPrices(kept, deps.prices, () => new Date('2026-11-26T12:00:00Z'));
  const calls = (method: string) => deps.calls.filter((c) => c.method === method).length;
  return { prices, kept, calls };
}

describe('kept prices', () => {
  it('reads a figure once for both conditions, and gives each condition as the port would', async () => {
    const { prices, calls } = setUp();
    expect(await prices.quote(FIGURES.sw0002, 'used')).toEqual({
      ...QUOTE,
      conditions: [],
      asOf: null,
      sources: [],
    });
    expect(await prices.quote(FIGURES.sw0002, 'new')).toEqual(QUOTE);
    expect(await prices.quote(FIGURES.sw0002)).toEqual(QUOTE);
    expect(calls('quote')).toBe(1);
  });

  it('keeps the stored headlines of the same figures and days until the data changes', async () => {
    const { prices, kept, calls } = setUp();
    const pairs = [{ figureId: FIGURES.sw0002.id, condition: 'new' as const }];
    const first = await prices.storedHeadlines(pairs, '2026-11-25', '2026-11-26');
    expect(first).toHaveLength(1);
    expect(await prices.storedHeadlines(pairs, '2026-11-25', '2026-11-26')).toBe(first);
    expect(calls('storedHeadlines')).toBe(1);
    await prices.storedHeadlines(pairs, '2026-11-24', '2026-11-26');
    expect(calls('storedHeadlines')).toBe(2);
    kept.invalidate();
    await prices.storedHeadlines(pairs, '2026-11-25', '2026-11-26');
    expect(calls('storedHeadlines')).toBe(3);
  });
});
