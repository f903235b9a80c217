import { describe, expect, it } from 'vitest';
import { chartThreads } from '../../src/charts/chart-threads.js';
import { renderHistoryChart } from '../../src/charts/history-chart.js';
import type { HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';

const input: HistoryChartInput = {
  figure: FIGURES.sw0002,
  series: [
    {
      condition: 'used',
      points: [
        { date: '2026-11-20', median: 20, min: 10, max: 30, count: 3 },
        { date: '2026-11-24', median: 24, min: 12, max: 40, count: 4 },
      ],
    },
  ],
  days: 7,
  end: '2026-11-26',
};

describe('chartThreads', () => {
  it('draws on worker threads the same PNG as the main thread, several at once', async () => {
    const charts = chartThreads(2);
    const direct = await renderHistoryChart(input);
    const drawn = await Promise.all([1, 2, 3].map(() => charts.history(input)));
    for (const png of drawn) {
      expect(png.slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
      expect(Buffer.from(png).equals(Buffer.from(direct))).toBe(true);
    }
  });

  it('fails only the chart that could not be drawn, and keeps drawing', async () => {
    const charts = chartThreads(1);
    const broken = { ...input, days: Number.NaN, series: null } as unknown as HistoryChartInput;
    await expect(charts.history(broken)).rejects.toThrow(/the chart could not be drawn/);
    expect((await charts.history(input)).length).toBeGreaterThan(1000);
  });
});
