import { describe, expect, it } from 'vitest';
import { toListings } from '../../../src/db/repositories/headline-prices.js';
import {
  dayOfFlags,
  isNewInFlags,
  isSoldInFlags,
  packListingFlags,
} from '../../../src/db/repositories/listing-flags.js';

const flag = (day: number, isNew: boolean, isSold: boolean) => packListingFlags({ day, isNew, isSold });

describe('packed listing flags', () => {
  it('keep day, condition and kind apart, for every combination and far-off days', () => {
    for (const day of [0, 1, 20_000, 40_000]) {
      for (const isNew of [false, true]) {
        for (const isSold of [false, true]) {
          const packed = packListingFlags({ day, isNew, isSold });
          expect([dayOfFlags(packed), isNewInFlags(packed), isSoldInFlags(packed)]).toEqual([
            day,
            isNew,
            isSold,
          ]);
        }
      }
    }
    expect(packListingFlags({ day: 20_000, isNew: true, isSold: false })).toBe(80_002);
  });
});

describe('headline input rows', () => {
  it('unpacks day, condition and kind from each flag, in the order given when days ascend', () => {
    const r = toListings({
      minifigure_id: 'fig',
      flags: [flag(20000, true, true), flag(20000, false, false), flag(20003, false, true)].join(','),
      units: '120000,95000,101000',
      sources: ['BrickLink', 'eBay', 'BrickLink'],
    });
    expect(r).toEqual({
      minifigureId: 'fig',
      days: [20000, 20000, 20003],
      isNew: [true, false, false],
      isSold: [true, false, true],
      prices: [120000, 95000, 101000],
      sources: ['BrickLink', 'eBay', 'BrickLink'],
    });
  });

  it('puts listings that arrive out of day order into day order, keeping the order within a day', () => {
    const r = toListings({
      minifigure_id: 'fig',
      flags: [
        flag(20005, true, true),
        flag(20001, false, true),
        flag(20005, false, false),
        flag(20001, true, false),
      ].join(','),
      units: '1,2,3,4',
      sources: ['a', 'b', 'c', 'd'],
    });
    expect(r.days).toEqual([20001, 20001, 20005, 20005]);
    expect(r.prices).toEqual([2, 4, 1, 3]);
    expect(r.isNew).toEqual([false, true, true, false]);
    expect(r.isSold).toEqual([true, false, true, false]);
    expect(r.sources).toEqual(['b', 'd', 'a', 'c']);
  });
});
