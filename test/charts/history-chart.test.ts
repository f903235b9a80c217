import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  dayRange,
  historyChartConfig,
  renderHistoryChart,
} from '../../src/charts/history-chart.js';
import { renderPortfolioChart } from '../../src/charts/portfolio-chart.js';
import type { DailyPrice, HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';

const points: DailyPrice[] = [
  { date: '2026-11-20', median: 20, min: 10, max: 40, count: 3, sold: 2 },
  // Five listings, all asking: no sales that day.
  { date: '2026-11-22', median: 25, min: 12, max: 45, count: 5, sold: 0 },
  { date: '2026-11-26', median: 22, min: 11, max: 38, count: 2, sold: 1 },
];
const headline = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-25', '2026-11-26'].map((date, i) => ({
  date,
  price: 21 + i,
  basis: 'sold-30d',
}));
const usedPoints: DailyPrice[] = [{ date: '2026-11-21', median: 12, min: 10, max: 14, count: 2, sold: 1 }];
const input: HistoryChartInput = {
  figure: FIGURES.sw0002,
  series: [
    { condition: 'new', points, headline },
    { condition: 'used', points: usedPoints },
  ],
  days: 7,
  end: '2026-11-26',
};

type Scale = {
  beginAtZero?: boolean;
  suggestedMin?: number;
  suggestedMax?: number;
  title?: { text?: string };
  ticks?: { callback?: (v: unknown, i: number) => unknown; autoSkip?: boolean };
};
const scales = (config: ReturnType<typeof historyChartConfig>) =>
  config.options?.scales as unknown as { x: Scale; y: Scale };

/** Pixels of the PNG close to an RGB colour. */
async function pixelsNear(
  png: Uint8Array,
  rgb: [number, number, number],
  tolerance: number,
): Promise<number> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, CHART_WIDTH, CHART_HEIGHT);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (rgb.every((c, k) => Math.abs((data[i + k] as number) - c) <= tolerance)) n++;
  }
  return n;
}

describe('history chart', () => {
  it('has one slot per day; the headline is the main line, medians are dots, ranges are bars; no line crosses a gap', () => {
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
    const [range, dots, main, usedRange, usedDots, volume, ...rest] = config.data.datasets;
    expect(rest).toEqual([]);
    // Sales per day, both conditions, as a strip in a row of its own under the prices.
    expect(volume).toMatchObject({ type: 'bar', label: 'sales per day', yAxisID: 'volume' });
    const rows = config.options?.scales as { y: { stack: string; stackWeight: number }; volume: Scale };
    expect(rows.volume).toMatchObject({ stack: 'rows', stackWeight: 1, min: 0, max: 2.5 });
    expect(rows.volume.title?.text).toBe('Sales');
    expect(rows.y).toMatchObject({ stack: 'rows', stackWeight: 4 });
    expect(range).toMatchObject({ grouped: false, yAxisID: 'y' });
    expect(range).toMatchObject({ type: 'bar', label: 'new daily min–max' });
    expect(range?.data).toEqual([[10, 40], null, [12, 45], null, null, null, [11, 38]]);
    expect(dots).toMatchObject({ type: 'line', showLine: false, label: 'new daily median' });
    expect(dots?.data).toEqual([20, null, 25, null, null, null, 22]);
    expect(main).toMatchObject({
      type: 'line',
      label: 'new headline price (sold, 30 days)',
      spanGaps: false,
    });
    expect(main?.data).toEqual([21, 22, 23, null, null, 24, 25]);
    // Without stored headlines the daily median is the line, joining only consecutive days.
    expect(usedDots).toMatchObject({ showLine: true, spanGaps: false });
    expect(usedRange?.data).toEqual([null, [10, 14], null, null, null, null, null]);
  });

  it('counts sales in the strip, not listings: a day of asking prices only has no bar', () => {
    const [, , , , , volume] = historyChartConfig(input).data.datasets;
    // Nov 22 has five listings and no sale; Nov 20 three listings of which two sold.
    expect(volume?.data).toEqual([2, 1, 0, null, null, null, 1]);
    const listingsOnly = input.series.map((s) => ({
      ...s,
      points: s.points.map((p) => ({ ...p, sold: 0 })),
    }));
    const unknown = input.series.map((s) => ({
      ...s,
      points: s.points.map(({ sold: _sold, ...p }) => p),
    }));
    for (const series of [listingsOnly, unknown]) {
      // No sale in the range (or none known): no strip and no row for it, however many listings.
      const config = historyChartConfig({ ...input, series });
      expect(config.data.datasets.map((d) => d.label)).not.toContain('sales per day');
      expect(config.data.datasets.some((d) => d.yAxisID === 'volume')).toBe(false);
      expect(Object.keys(config.options?.scales ?? {})).toEqual(['x', 'y']);
    }
  });

  it('ticks every month on a year and labels it with its year; short ranges keep day labels', () => {
    const year = dayRange('2026-11-26', 365).map((date) => ({
      date,
      median: 50,
      min: 45,
      max: 55,
      count: 1,
    }));
    const config = historyChartConfig({ ...input, series: [{ condition: 'used', points: year }], days: 365 });
    const x = scales(config).x;
    expect(x.ticks?.autoSkip).toBe(false);
    const labels = year.map((_, i) => x.ticks?.callback?.(i, i)).filter((l) => l !== null);
    expect(labels).toEqual([
      'Dec 2025',
      'Jan 2026',
      'Feb 2026',
      'Mar 2026',
      'Apr 2026',
      'May 2026',
      'Jun 2026',
      'Jul 2026',
      'Aug 2026',
      'Sep 2026',
      'Oct 2026',
      'Nov 2026',
    ]);
    expect(scales(historyChartConfig(input)).x.ticks?.autoSkip).toBeUndefined();
  });

  it('never spans less than ±10% of the median price, and names the currency', () => {
    const flat = dayRange('2026-11-26', 7).map((date, i) => ({
      date,
      median: 77.8 + i * 0.25,
      min: 77.8,
      max: 79.4,
      count: 4,
    }));
    const config = historyChartConfig({
      ...input,
      series: [{ condition: 'used', points: flat }],
      currency: 'EUR',
    });
    const y = scales(config).y;
    // The range bars would start the axis at 0 and flatten every move; the axis starts near the prices.
    expect(y.beginAtZero).toBe(false);
    expect(y.suggestedMin).toBeCloseTo(78.55 * 0.9, 6);
    expect(y.suggestedMax).toBeCloseTo(78.55 * 1.1, 6);
    expect(y.title?.text).toBe('Price (EUR)');
    expect(y.ticks?.callback?.(80, 0)).toBe('€80.00');
    expect(scales(historyChartConfig(input)).y.title?.text).toBe('Price (USD)');
  });

  it('renders a PNG of the declared size with the main line and the ranges, and DEMO DATA on demo prices', async () => {
    const png = await renderHistoryChart({ ...input, series: [{ condition: 'new', points, headline }] });
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const view = Buffer.from(png);
    expect([view.readUInt32BE(16), view.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(await pixelsNear(png, [37, 99, 235], 20)).toBeGreaterThan(500);
    // rgba(37, 99, 235, 0.18) over white: the range bars.
    expect(await pixelsNear(png, [216, 227, 251], 6)).toBeGreaterThan(2_000);
    // rgba(220, 38, 38, 0.16) over white: the watermark, only on demo charts.
    const watermark: [number, number, number] = [249, 220, 220];
    expect(await pixelsNear(png, watermark, 6)).toBe(0);
    const demo = await renderHistoryChart({
      ...input,
      series: [{ condition: 'new', points, headline }],
      demo: true,
    });
    expect(await pixelsNear(demo, watermark, 6)).toBeGreaterThan(2_000);
  });

  it('a watchlist value chart of demo prices carries DEMO DATA too', async () => {
    const portfolio = {
      title: 'Watchlist value',
      days: 30,
      points: dayRange('2026-11-26', 30).map((date, i) => ({ date, value: 50 + i, priced: 1 })),
      paid: 40,
    };
    const watermark: [number, number, number] = [249, 220, 220];
    expect(await pixelsNear(await renderPortfolioChart(portfolio), watermark, 6)).toBe(0);
    expect(
      await pixelsNear(await renderPortfolioChart({ ...portfolio, demo: true }), watermark, 6),
    ).toBeGreaterThan(2_000);
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
