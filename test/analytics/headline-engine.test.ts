import { describe, expect, it } from 'vitest';
import { type FigureListings, headlineAt, headlineSeries } from '../../src/analytics/headline-engine.js';

const D = 20_000; // an as-of day number

/** Listings of one figure: [days before D, condition, kind, price in dollars]. */
function figure(rows: [number, 'new' | 'used', 'sold' | 'asking', number][]): FigureListings {
  const sorted = [...rows].sort((a, b) => b[0] - a[0]);
  return {
    minifigureId: 'f',
    days: sorted.map((r) => D - r[0]),
    isNew: sorted.map((r) => r[1] === 'new'),
    isSold: sorted.map((r) => r[2] === 'sold'),
    prices: sorted.map((r) => Math.round(r[3] * 10_000)),
    sources: sorted.map(() => 'BrickLink'),
  };
}

const at = (fig: FigureListings, condition: 'new' | 'used' = 'used') => {
  const h = headlineAt(fig, condition, D);
  return h && { price: h.priceUnits / 10_000, basis: h.basis, n: h.listingCount, low: h.lowConfidence };
};

describe('the headline price of one as-of day', () => {
  it('uses sold prices of the trailing 30 days, D-29 in and D-30 out', () => {
    const fig = figure([
      [0, 'used', 'sold', 12],
      [29, 'used', 'sold', 10],
      [30, 'used', 'sold', 100],
      [3, 'used', 'asking', 50],
    ]);
    expect(at(fig)).toEqual({ price: 11, basis: 'sold-30d', n: 2, low: true });
  });

  it('falls back to asking prices of 30 days, then sold and asking of 180 days, then none', () => {
    expect(
      at(
        figure([
          [5, 'used', 'asking', 20],
          [40, 'used', 'sold', 9],
        ]),
      ),
    ).toMatchObject({ basis: 'asking-30d', price: 20 });
    expect(
      at(
        figure([
          [179, 'used', 'sold', 9],
          [40, 'used', 'asking', 30],
        ]),
      ),
    ).toMatchObject({ basis: 'sold-180d', price: 9 });
    expect(
      at(
        figure([
          [180, 'used', 'sold', 9],
          [40, 'used', 'asking', 30],
        ]),
      ),
    ).toMatchObject({ basis: 'asking-180d', price: 30 });
    expect(
      at(
        figure([
          [180, 'used', 'sold', 9],
          [1, 'new', 'sold', 30],
        ]),
      ),
    ).toBeNull();
    // Future listings (after the as-of day) never count.
    expect(at(figure([[-1, 'used', 'sold', 9]]))).toBeNull();
  });

  it('keeps conditions apart and counts the listings of 1, 7 and 30 days', () => {
    const fig = figure([
      [0, 'new', 'sold', 40],
      [0, 'used', 'asking', 21],
      [6, 'used', 'sold', 20],
      [7, 'used', 'sold', 22],
      [29, 'used', 'asking', 23],
      [30, 'used', 'sold', 24],
    ]);
    expect(headlineAt(fig, 'used', D)).toMatchObject({
      priceUnits: 210_000,
      basis: 'sold-30d',
      listingCount: 2,
      listings1d: 1,
      listings7d: 2,
      listings30d: 4,
    });
    expect(headlineAt(fig, 'new', D)).toMatchObject({ priceUnits: 400_000, listings1d: 1, listings30d: 1 });
  });

  it('screens outliers within the tier and says how many it left out', () => {
    const fig = figure([
      [1, 'used', 'sold', 20],
      [2, 'used', 'sold', 21],
      [3, 'used', 'sold', 22],
      [4, 'used', 'sold', 19],
      [5, 'used', 'sold', 20.5],
      [6, 'used', 'sold', 9999],
    ]);
    expect(headlineAt(fig, 'used', D)).toMatchObject({
      priceUnits: 205_000,
      listingCount: 5,
      outliersExcluded: 1,
      lowConfidence: false,
    });
  });

  it('with only 30 days of listings, leaves the 180-day tiers unknown (null) instead of guessing', () => {
    const fig = figure([[2, 'used', 'sold', 10]]);
    const series = headlineSeries(fig, D - 1, D, true);
    expect(series.rows.map((r) => [r.condition, r.day])).toEqual([
      ['used', D - 1],
      ['used', D],
    ]);
    expect(series.incomplete).toBe(true); // 'new' has nothing in 30 days
    expect(headlineSeries(fig, D - 1, D).incomplete).toBe(false);
  });
});
