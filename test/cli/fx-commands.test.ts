import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { ECB_DAILY_XML, ECB_HISTORY_CSV } from '../support/ecb-files.js';
import { FakeServer } from '../support/fakes/fake-server.js';
import { minifig } from '../support/minifig-cli.js';

// Each case spawns the CLI a few times; on a busy 2-core machine one spawn can take seconds.
describe('minifig fx', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let file: string;
  let lines: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url };
    // The real file's header and its newest 20 days (to 2025-05-09), quirks included.
    lines = readFileSync(ECB_HISTORY_CSV, 'utf8').split('\n').slice(0, 21);
    file = path.join(mkdtempSync(path.join(tmpdir(), 'fx-')), 'eurofxref-hist.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
  });
  afterAll(() => db?.drop());

  it('has --help for fx and its commands', async () => {
    for (const args of [
      ['fx', '--help'],
      ['fx', 'backfill', '--help'],
      ['fx', 'rate', '--help'],
    ]) {
      const r = await minifig(args, env);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: minifig fx/);
    }
  });

  it('backfills with a summary, and says so when a rerun changes nothing', async () => {
    const quoted = lines.slice(1).reduce(
      (n, l) =>
        n +
        l
          .split(',')
          .slice(1)
          .filter((c) => /^\d/.test(c)).length,
      0,
    );
    const expected = quoted + 20; // plus EUR each day
    const first = await minifig(['fx', 'backfill', file], env);
    expect(first.code).toBe(0);
    const oldest = lines[20]?.slice(0, 10);
    expect(first.out).toContain(`ECB history ${file}: 20 days, ${oldest} to 2025-05-09.`);
    expect(first.out).toContain(
      `Rates against USD: ${expected.toLocaleString('en-US')} inserted, 0 updated, 0 unchanged`,
    );
    const second = await minifig(['fx', 'backfill', file], env);
    expect(second.out).toContain(`0 inserted, 0 updated, ${expected.toLocaleString('en-US')} unchanged`);
    expect(second.out).toContain('Nothing changed: every rate was already stored.');
  });

  it('shows the rate a date uses, falling back over a weekend', async () => {
    const sat = await minifig(['fx', 'rate', 'eur', '2025-05-10'], env);
    expect(sat.code).toBe(0);
    const perUsd = (1 / 1.1252).toFixed(10).replace(/0+$/, '');
    expect(sat.out).toBe(
      `EUR on 2025-05-10: ${perUsd} EUR per USD (1 EUR = 1.1252 USD)\nECB rate of 2025-05-09, the last published before 2025-05-10.\n`,
    );
    const fri = await minifig(['fx', 'rate', 'GBP', '2025-05-09'], env);
    expect(fri.out).toMatch(
      /^GBP on 2025-05-09: 0\.753\d+ GBP per USD \(1 GBP = 1\.3273\d* USD\)\nECB rate of 2025-05-09\.\n$/,
    );
  });

  it('`minifig job run fx` fetches the daily file from ECB_URL and prints the summary', async () => {
    const xml = readFileSync(ECB_DAILY_XML, 'utf8');
    const ecb = await new FakeServer(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: xml,
    })).start();
    try {
      const r = await minifig(['job', 'run', 'fx'], { ...env, ECB_URL: `${ecb.url}/eurofxref-daily.xml` });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /^Ran fx in [\d.]+ s:\n {2}date: 2022-07-08\n {2}currencies: 31\n {2}inserted: 32\n/,
      );
      expect(ecb.requests).toHaveLength(1);
    } finally {
      await ecb.close();
    }
  });

  it('explains unknown currencies, dates before the history, stale rates and bad arguments', async () => {
    const twd = await minifig(['fx', 'rate', 'TWD', '2025-05-09'], env);
    expect(twd.code).toBe(1);
    expect(twd.err).toMatch(/^Error: No rate for TWD is stored: ECB does not publish it/);
    const early = await minifig(['fx', 'rate', 'EUR', '2020-01-01'], env);
    expect(early.err).toBe(
      "Error: No EUR rate on or before 2020-01-01: ECB's history for it starts later.\n",
    );
    // Between the job's 2022-07-08 and the backfilled April 2025: shown, with a warning.
    const stale = await minifig(['fx', 'rate', 'EUR', '2025-01-01'], env);
    const days = (Date.parse('2025-01-01') - Date.parse('2022-07-08')) / 86_400_000;
    expect(stale.out).toContain('ECB rate of 2022-07-08, the last published before 2025-01-01.');
    expect(stale.out).toContain(
      `Warning: that is ${days} days earlier; listings are not converted with rates older than 7 days.`,
    );
    const bad = await minifig(['fx', 'rate', 'EURO'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('must be a three-letter ISO 4217 code');
    const missing = await minifig(['fx', 'backfill', '/nonexistent/hist.csv'], env);
    expect(missing.err).toBe('Error: Cannot read /nonexistent/hist.csv: no such file\n');
  });
});
