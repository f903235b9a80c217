import { describe, expect, it } from 'vitest';
import { cachedCharts } from '../../src/charts/chart-cache.js';
import type { HistoryChartInput } from '../../src/deps.js';

const input = (itemNo: string, median = 10): HistoryChartInput => ({
  figure: { id: itemNo, itemNo, name: itemNo, theme: 'Star Wars', year: 2000 } as HistoryChartInput['figure'],
  series: [
    { condition: 'used', points: [{ date: '2026-12-01', median, min: median, max: median, listings: 1 }] },
  ] as unknown as HistoryChartInput['series'],
  days: 7,
  end: '2026-12-07',
});

describe('cachedCharts', () => {
  it('draws a chart once for the same input, again when the figures change', async () => {
    let drawn = 0;
    const charts = cachedCharts({
      history: async () => new Uint8Array([++drawn]),
      portfolio: async () => new Uint8Array(),
    });
    expect(await charts.history(input('sw0001'))).toEqual(new Uint8Array([1]));
    expect(await charts.history(input('sw0001'))).toEqual(new Uint8Array([1]));
    expect(await charts.history(input('sw0001', 11))).toEqual(new Uint8Array([2]));
    expect(drawn).toBe(2);
  });

  it('forgets the least recently used beyond its capacity, and never keeps a failure', async () => {
    let drawn = 0;
    let fail = true;
    const charts = cachedCharts(
      {
        history: async () => {
          if (fail) {
            fail = false;
            throw new Error('canvas failed');
          }
          return new Uint8Array([++drawn]);
        },
        portfolio: async () => new Uint8Array(),
      },
      2,
    );
    await expect(charts.history(input('a'))).rejects.toThrow('canvas failed');
    await charts.history(input('a')); // 1
    await charts.history(input('b')); // 2
    await charts.history(input('a')); // hit: a is now the most recent
    await charts.history(input('c')); // 3, pushes out b
    expect(await charts.history(input('a'))).toEqual(new Uint8Array([1]));
    expect(await charts.history(input('b'))).toEqual(new Uint8Array([4]));
  });
});
