import { describe, expect, it } from 'vitest';
import type { DailyPrice, HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';
import { blocksOf, run } from './harness.js';

const SERIES: DailyPrice[] = [
  { date: '2026-10-30', median: 20, min: 15, max: 30, count: 4 },
  { date: '2026-11-10', median: 22, min: 12.5, max: 26, count: 2 },
  { date: '2026-11-26', median: 25, min: 24, max: 41, count: 3 },
];

describe('history', () => {
  it('renders the chart over the requested days, ending today, with a one-line summary', async () => {
    const { reply, deps } = await run('history sw0002 90 used', { series: SERIES });
    expect(deps.calls.filter((c) => c.method === 'dailySeries').map((c) => c.args)).toEqual([
      ['sw0002', 90, 'used'],
    ]);
    const chart = deps.calls.find((c) => c.method === 'chart')?.args[0] as HistoryChartInput;
    expect(chart).toEqual({
      figure: FIGURES.sw0002,
      series: [{ condition: 'used', points: SERIES, headline: [] }],
      days: 90,
      end: '2026-11-26',
      currency: 'USD',
      demo: false,
    });
    expect(reply.summary).toBe(
      'sw0002 Boba Fett - Classic Grays, last 90 days: used median $20.00 on 2026-10-30 → $25.00 on ' +
        '2026-11-26 (+25.0%), range $12.50–$41.00, 9 listings on 3 days',
    );
    expect(reply.image?.filename).toBe('sw0002-90d.png');
    expect([...(reply.image?.data.subarray(0, 4) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('offers the other ranges as buttons that keep the figure and condition', async () => {
    const { reply } = await run('history sw0002 90 used', { series: SERIES });
    const [actions] = blocksOf(reply, 'actions');
    expect(actions?.buttons.map((b) => [b.label, b.invocation])).toEqual(
      [7, 30, 365].map((days) => [
        `${days} days`,
        { command: 'history', options: { figure: 'sw0002', days, condition: 'used' } },
      ]),
    );
  });

  it('defaults to 30 days, and charts new and used apart', async () => {
    const { reply, deps } = await run('history sw0002', { series: SERIES });
    expect(deps.calls.filter((c) => c.method === 'dailySeries').map((c) => c.args)).toEqual([
      ['sw0002', 30, 'new'],
      ['sw0002', 30, 'used'],
    ]);
    const chart = deps.calls.find((c) => c.method === 'chart')?.args[0] as HistoryChartInput;
    expect(chart.series.map((s) => s.condition)).toEqual(['new', 'used']);
    expect(reply.summary).toMatch(/last 30 days: new median \$20\.00 .*; used median \$20\.00 /);
  });

  it('draws no chart when there are no listings, and says so', async () => {
    const { reply, deps } = await run('history sw0002 7');
    expect(deps.calls.some((c) => c.method === 'chart')).toBe(false);
    expect(reply.image).toBeUndefined();
    expect(reply.summary).toBe('sw0002 Boba Fett - Classic Grays, last 7 days: no listings in this period.');
    expect(blocksOf(reply, 'actions')[0]?.buttons.map((b) => b.label)).toEqual([
      '30 days',
      '90 days',
      '365 days',
    ]);
  });
});
