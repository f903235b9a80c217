import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const resultsDir = path.join(repoRoot, 'bench', 'results');

export interface Measurement {
  /** Every timed run, in the order they ran. */
  runs_ms: number[];
  median_ms: number;
  min_ms: number;
}

export function summarise(runs: number[]): Measurement {
  if (runs.length === 0) throw new Error('no runs to summarise');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { runs_ms: runs.map(round), median_ms: round(median), min_ms: round(sorted[0] as number) };
}

/** Milliseconds taken by `fn`, and its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export function ratio(slow: number, fast: number): number {
  return Math.round((slow / fast) * 100) / 100;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** A plain-text table, numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number'));
  const line = (r: string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const [head, ...body] = cells as string[][];
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 2 });
}

/**
 * Writes `bench/results/<name>.json`, the latest run of that benchmark, and returns its path. Its
 * date is inside (runEnvironment); git keeps the earlier runs.
 */
export async function writeResults(name: string, data: object): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Where and when a benchmark ran, the head of every results file. */
export function runEnvironment(
  date: Date,
  server: { version: string; kind: string },
): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    date: date.toISOString(),
    node: process.version,
    postgres: server.version,
    server: server.kind,
    host: {
      platform: `${os.platform()} ${os.release()}`,
      cpus: cpus.length,
      cpu: cpus[0]?.model ?? 'unknown',
      loadavg: os.loadavg(),
    },
  };
}
