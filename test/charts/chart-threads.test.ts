import { describe, expect, it } from 'vitest';
import { chartThreads } from '../../src/charts/chart-threads.js';
import { renderHistoryChart } from '../../src/charts/history-chart.js';
import type { HistoryChartInput } from '../../src/deps.js';
import { WEEK_OF_PRICES } from './fixtures.js';

const input = WEEK_OF_PRICES;

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
