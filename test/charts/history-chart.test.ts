import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  dayRange,
  historyChartConfig,
  renderHistoryChart,
} from '../../src/charts/history-chart.js';
import type { DailyPrice, HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';

const points: DailyPrice[] = [
  { date: '2026-11-20', median: 20, min: 10, max: 40, count: 3 },
  { date: '2026-11-22', median: 25, min: 12, max: 45, count: 5 },
  { date: '2026-11-26', median: 22, min: 11, max: 38, count: 2 },
];
const usedPoints: DailyPrice[] = [{ date: '2026-11-21', median: 12, min: 10, max: 14, count: 2 }];
const input: HistoryChartInput = {
  figure: FIGURES.sw0002,
  series: [
    { condition: 'new', points },
    { condition: 'used', points: usedPoints },
  ],
  days: 7,
  end: '2026-11-26',
};

describe('history chart', () => {
  it('has one slot per day, ending on the given day, with gaps where there were no listings', () => {
    expect(dayRange('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const config = historyChartConfig(input);
    expect(config.data.labels).toEqual([
      'Nov 20',
      'Nov 21',
      'Nov 22',
      'Nov 23',
      'Nov 24',
      'Nov 25',
      'Nov 26',
    ]);
    const [min, max, med, usedMin, usedMax, usedMed] = config.data.datasets;
    expect(min?.data).toEqual([10, null, 12, null, null, null, 11]);
    expect(max?.data).toEqual([40, null, 45, null, null, null, 38]);
    expect(max?.fill).toBe('-1');
    expect(med?.label).toBe('new median');
    expect(med?.data).toEqual([20, null, 25, null, null, null, 22]);
    expect([usedMin?.data, usedMax?.data, usedMed?.data]).toEqual([
      [null, 10, null, null, null, null, null],
      [null, 14, null, null, null, null, null],
      [null, 12, null, null, null, null, null],
    ]);
    expect(usedMax?.fill).toBe('-1');
    expect(config.data.datasets).toHaveLength(6);
  });

  it('renders a PNG of the declared size with the median line and the shaded band', async () => {
    const png = await renderHistoryChart({ ...input, series: [{ condition: 'new', points }] });
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const view = Buffer.from(png);
    expect([view.readUInt32BE(16), view.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);

    const image = await loadImage(view);
    const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, CHART_WIDTH, CHART_HEIGHT);
    let line = 0;
    let band = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      if (Math.abs(r - 37) < 20 && Math.abs(g - 99) < 20 && Math.abs(b - 235) < 20) line++;
      // rgba(37, 99, 235, 0.18) over white.
      if (Math.abs(r - 216) < 8 && Math.abs(g - 227) < 8 && Math.abs(b - 251) < 5) band++;
    }
    expect(line).toBeGreaterThan(500);
    expect(band).toBeGreaterThan(10_000);
  });

  it('renders a year of daily points, and an empty series, without failing', async () => {
    const year = dayRange('2026-11-26', 365).map((date, i) => ({
      date,
      median: 10 + (i % 30),
      min: 5,
      max: 50,
      count: 1,
    }));
    const both = [
      { condition: 'new' as const, points: year },
      { condition: 'used' as const, points: year.map((p) => ({ ...p, median: p.median / 2 })) },
    ];
    expect((await renderHistoryChart({ ...input, series: both, days: 365 })).length).toBeGreaterThan(1000);
    expect((await renderHistoryChart({ ...input, series: [] })).length).toBeGreaterThan(1000);
  });
});
