/** When a set has left LEGO's shelves (US/UK/DE combined), and when a figure is retired. */
import { describe, expect, it } from 'vitest';
import type { FigureSets } from '../../src/deps.js';
import { figureRetirement } from '../../src/sets/figure-retirement.js';
import { setExitDate } from '../../src/sources/brickset/set-retail.js';
import { catalogueSet } from '../support/fake-sets.js';

const TODAY = '2026-11-26';
const first = '2017-10-01T00:00:00Z';

describe('setExitDate: a set has left when it has left every market that sold it', () => {
  it('takes the latest last day of the markets that sold it', () => {
    expect(
      setExitDate({
        LEGOCom: {
          US: { dateFirstAvailable: first, dateLastAvailable: '2019-06-30T00:00:00Z' },
          UK: { dateFirstAvailable: first, dateLastAvailable: '2019-12-31T00:00:00Z' },
          DE: { retailPrice: 849.99 },
        },
      }),
    ).toBe('2019-12-31');
  });

  it('is still on sale while one market that sold it has no last day, whatever Brickset says', () => {
    expect(
      setExitDate({
        exitDate: '2019-06-30T00:00:00Z',
        LEGOCom: {
          US: { dateFirstAvailable: first, dateLastAvailable: '2019-06-30T00:00:00Z' },
          DE: { dateFirstAvailable: first },
        },
      }),
    ).toBeNull();
  });

  it("uses Brickset's exitDate without LEGO.com dates, and the later of the two with them", () => {
    expect(setExitDate({ exitDate: '2016-12-31T00:00:00Z', LEGOCom: { US: { retailPrice: 399.99 } } })).toBe(
      '2016-12-31',
    );
    expect(
      setExitDate({
        exitDate: '2018-12-31T00:00:00Z',
        LEGOCom: { US: { dateFirstAvailable: first, dateLastAvailable: '2019-03-01T00:00:00Z' } },
      }),
    ).toBe('2019-03-01');
    expect(setExitDate({ exitDate: null })).toBeNull();
  });
});

describe('figureRetirement', () => {
  const retired = (setNo: string, exitDate: string | null) => catalogueSet({ setNo, name: setNo, exitDate });
  const figure = (sets: FigureSets['sets'], related: FigureSets['related'] = null): FigureSets => ({
    sets,
    related,
  });

  it('is retired when every set with a known inventory has left the shelves, since the last of them', () => {
    expect(
      figureRetirement(figure([retired('75192-1', '2019-12-31'), retired('7140-1', '2001-12-31')]), TODAY),
    ).toEqual({ retired: true, since: '2019-12-31', basis: 'inventories' });
  });

  it('is not retired while one set is on sale, unknown, or leaves after today', () => {
    for (const exit of [null, '2030-01-01']) {
      expect(
        figureRetirement(figure([retired('7140-1', '2001-12-31'), retired('75192-1', exit)]), TODAY),
      ).toEqual({
        retired: false,
        since: null,
        basis: 'inventories',
      });
    }
  });

  it("falls back to Brickset's related sets only when no inventory holds it", () => {
    const related = [{ setNo: '7140-1', exitDate: '2001-12-31' }];
    expect(figureRetirement(figure([], related), TODAY)).toEqual({
      retired: true,
      since: '2001-12-31',
      basis: 'brickset',
    });
    expect(figureRetirement(figure([retired('75192-1', null)], related), TODAY)).toMatchObject({
      retired: false,
      basis: 'inventories',
    });
    expect(figureRetirement(figure([]), TODAY)).toEqual({ retired: false, since: null, basis: null });
    expect(figureRetirement(figure([], []), TODAY)).toEqual({ retired: false, since: null, basis: null });
  });
});
