import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chartThreads } from '../../src/charts/chart-threads.js';
import { renderHistoryChart } from '../../src/charts/history-chart.js';
import type { HistoryChartInput } from '../../src/deps.js';
import { REPO_ROOT } from '../support/paths.js';
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

  it('keeps a process alive while it draws, and not once it is idle', async () => {
    // A script that draws one chart and then has nothing left to do must end on its own, with the
    // chart: the thread is awaited while it draws (else the await is cut off, exit code 13).
    const script = `import { chartThreads } from ${JSON.stringify(path.join(REPO_ROOT, 'src/charts/chart-threads.ts'))};
      import { WEEK_OF_PRICES } from ${JSON.stringify(path.join(REPO_ROOT, 'test/charts/fixtures.ts'))};
      const png = await chartThreads(1).history(WEEK_OF_PRICES);
      console.log('drew', png.length);`;
    // A file, not --eval: the thread inherits the process's flags, and --input-type breaks it.
    const dir = mkdtempSync(path.join(tmpdir(), 'chart-exit-'));
    const file = path.join(dir, 'draw-one.mts');
    writeFileSync(file, script);
    // An idle thread that kept the process alive shows as this timeout.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
      cwd: REPO_ROOT,
      timeout: 30_000,
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(stdout).toMatch(/^drew \d{4,}/);
  });
});
