import { describe, expect, it } from 'vitest';
import { dayRange, renderHistoryChart } from '../../src/charts/history-chart.js';
import { renderPortfolioChart } from '../../src/charts/portfolio-chart.js';
import type { HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';

const week: HistoryChartInput = {
  figure: FIGURES.sw0002,
  series: [
    {
      condition: 'new',
      points: [
        { date: '2026-11-20', median: 20, min: 10, max: 40, count: 3 },
        { date: '2026-11-26', median: 22, min: 11, max: 38, count: 2 },
      ],
      headline: [{ date: '2026-11-20', price: 21, basis: 'sold-30d' }],
    },
  ],
  days: 7,
  end: '2026-11-26',
};
const year: HistoryChartInput = {
  figure: FIGURES.sw0001a,
  series: (['new', 'used'] as const).map((condition, k) => ({
    condition,
    points: dayRange('2026-11-26', 365).map((date, i) => ({
      date,
      median: 10 + ((i * (k + 2)) % 30),
      min: 5,
      max: 50,
      count: 1 + (i % 3),
    })),
  })),
  days: 365,
  end: '2026-11-26',
  currency: 'JPY',
};

describe('charts drawn over on one board', () => {
  it('draws each chart exactly as a board used for nothing else would', async () => {
    const first = Buffer.from(await renderHistoryChart(week));
    const firstYear = Buffer.from(await renderHistoryChart(year));
    expect(firstYear.equals(first)).toBe(false);
    // Other data, other axes, other plugins (the demo mark) and another kind of chart in between.
    await renderHistoryChart({ ...year, demo: true });
    await renderPortfolioChart({
      title: 'Collection',
      days: 30,
      points: [{ date: '2026-11-26', value: 100, priced: 1 }],
      paid: 80,
    });
    expect(Buffer.from(await renderHistoryChart(week)).equals(first)).toBe(true);
    expect(Buffer.from(await renderHistoryChart(year)).equals(firstYear)).toBe(true);
  });
});
