import { describe, expect, it } from 'vitest';
import {
  medianOfSorted,
  screenOutliers,
  toDecimalString,
  toUnits,
  unitsToUsd,
} from '../../src/analytics/robust-stats.js';
import { median, screen } from './reference.js';

const units = (prices: number[]) => prices.map((p) => Math.round(p * 10_000));
const usd = (u: number[]) => u.map(unitsToUsd);

/** A reproducible pseudo-random source (Park-Miller). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

describe('money in units of $0.0001', () => {
  it('parses decimal strings exactly and formats them back', () => {
    expect(toUnits('12.3400')).toBe(123400);
    expect(toUnits('0.0100')).toBe(100);
    expect(toUnits('9999')).toBe(99_990_000);
    expect(toUnits('1.23456')).toBe(12346); // a fifth decimal rounds half up, like numeric(12,4)
    expect(toUnits(12.34)).toBe(123400);
    expect(toDecimalString(123400)).toBe('12.3400');
    expect(toDecimalString(5)).toBe('0.0005');
    expect(() => toUnits('12,34')).toThrow(/not a decimal price/);
  });

  it('takes the median like percentile_cont(0.5), rounded half up to a unit', () => {
    expect(medianOfSorted([100, 200, 900])).toBe(200);
    expect(medianOfSorted([100, 200, 300, 900])).toBe(250);
    expect(medianOfSorted([100, 101])).toBe(101); // 100.5 rounds up
    expect(() => medianOfSorted([])).toThrow();
  });
});

describe('the outlier rule', () => {
  const ordinary = [18.5, 19.99, 20, 20.5, 21, 21.25, 22, 23.4];

  it('drops a single $9,999 or $0.01 and leaves the median of the ordinary prices', () => {
    for (const junk of [9999, 0.01]) {
      const { kept, excluded } = screenOutliers(units([...ordinary, junk]));
      expect(excluded).toBe(1);
      expect(usd(kept)).toEqual([...ordinary].sort((a, b) => a - b));
      expect(unitsToUsd(medianOfSorted(kept))).toBe(median(ordinary));
    }
  });

  it('screens as few as three listings, but never two', () => {
    expect(usd(screenOutliers(units([20, 21, 9999])).kept)).toEqual([20, 21]);
    expect(usd(screenOutliers(units([0.01, 20, 21])).kept)).toEqual([20, 21]);
    expect(screenOutliers(units([20, 9999]))).toEqual({ kept: units([20, 9999]), excluded: 0 });
    expect(screenOutliers([])).toEqual({ kept: [], excluded: 0 });
  });

  it('keeps everything within a factor 1.5 of the median when most prices are equal (MAD 0)', () => {
    // Five of nine at $10: median $10 and MAD 0, so the fence is the floor, ln 1.5 either side.
    const { kept, excluded } = screenOutliers(units([10, 10, 10, 10, 10, 14.9, 15.1, 6.7, 6.6]));
    expect(usd(kept)).toEqual([6.7, 10, 10, 10, 10, 10, 14.9]);
    expect(excluded).toBe(2);
  });

  it('keeps a price exactly on the fence', () => {
    // 15 / 10 is exactly the floor factor 1.5.
    expect(usd(screenOutliers(units([10, 10, 10, 15])).kept)).toEqual([10, 10, 10, 15]);
  });

  it('widens with the spread: 3 scaled MADs of the log price', () => {
    // Prices 10 * e^k with k = -0.4, -0.2, 0, 0, 0, 0.2, 0.4 and one more at k = c >= 0.4: the median
    // log is ln 10 and the sorted deviations 0, 0, 0, 0.2, 0.2, 0.4, 0.4, c give MAD 0.2, so the
    // fence is 3 * 1.4826 * 0.2 = 0.8896 (wider than ln 1.5): c = 0.85 stays, c = 0.95 goes.
    const base = [-0.4, -0.2, 0, 0, 0, 0.2, 0.4].map((k) => Math.round(10 * Math.exp(k) * 10_000));
    for (const [c, stays] of [
      [0.85, true],
      [0.95, false],
    ] as const) {
      const candidate = Math.round(10 * Math.exp(c) * 10_000);
      const { kept } = screenOutliers([...base, candidate]);
      expect(kept.includes(candidate)).toBe(stays);
      expect(kept).toHaveLength(stays ? 8 : 7);
    }
  });

  it('agrees with the reference implementation on 2,000 random groups, junk included', () => {
    const rnd = random(7);
    for (let g = 0; g < 2000; g++) {
      const n = 1 + Math.floor(rnd() * 40);
      const level = 2 + rnd() * 300;
      const spread = rnd() * 0.6;
      const prices = Array.from({ length: n }, () => {
        const r = rnd();
        if (r < 0.03) return 9999;
        if (r < 0.06) return 0.01;
        return Math.round(level * Math.exp((rnd() - 0.5) * 2 * spread) * 100) / 100;
      });
      const ours = screenOutliers(units(prices));
      const ref = screen(prices);
      expect(usd(ours.kept)).toEqual([...ref.kept].sort((a, b) => a - b));
      expect(ours.excluded).toBe(ref.dropped);
    }
  });
});
