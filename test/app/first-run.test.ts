import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `minifig start --console` as a newcomer would: no DATABASE_URL, no tokens. Types `first`
 * once the console is ready, then each of `later` when the output matches its pattern.
 */
function firstRun(
  env: Record<string, string>,
  first: string[],
  later: [RegExp, string][] = [],
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.join(REPO_ROOT, 'bin/minifig.js'), 'start', '--console'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    });
    let out = '';
    let err = '';
    let ready = false;
    const pending = [...later];
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!ready && out.includes('Ready in')) {
        ready = true;
        child.stdin.write(`${first.join('\n')}\n`);
      }
      while (ready && pending[0]?.[0].test(out)) child.stdin.write(`${pending.shift()?.[1]}\n`);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Runs `minifig start --no-console` and, once it is running, sends it `signals` one after another. */
function startThenSignal(
  env: Record<string, string>,
  signals: NodeJS.Signals[],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.join(REPO_ROOT, 'bin/minifig.js'), 'start', '--no-console'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    });
    let out = '';
    let signalled = false;
    const read = (d: Buffer) => {
      out += d;
      if (signalled || !out.includes('Ctrl-C stops it')) return;
      signalled = true;
      for (const signal of signals) child.kill(signal);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the first run (npm start on a fresh clone)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'minifig-first-run-'));
  chmodSync(dataDir, 0o755);
  const pgPort = String(20000 + Math.floor(Math.random() * 20000));
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: pgPort,
    PORT: '0',
    // The alert made below is evaluated within seconds rather than at the quarter hour.
    SCHEDULE_EVALUATE_ALERTS: 'every 2 seconds',
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('shows progress, then a live demo: changes over 7 and 30 days, movers, and an alert that fires', async () => {
    const run = await firstRun(
      env,
      ['price sw0791 new', 'price sw0002 EUR', 'movers 7d', 'set 75192', 'alert add sw0791 below 1000 new'],
      [[/Alert: sw0791/, 'exit']],
    );
    expect(run.code, run.out).toBe(0);
    // Readable progress instead of JSON; nothing at all on stderr at level info.
    expect(run.out).toMatch(
      /Starting PostgreSQL\.\.\.\nMigrating the database\.\.\.\nLoading ECB's exchange-rate history \(bundled\)\.\.\.\nImporting the sample catalogue/,
    );
    expect(run.out).toMatch(
      /Importing BrickLink's set catalogue\.\.\.\nLoading 90 days of demo prices\.\.\./,
    );
    expect(run.out).toMatch(/Ready in \d+\.\d s/);
    expect(run.err).toBe('');
    expect(run.out).not.toContain('"level"');
    // price: the 7- and 30-day changes come from headlines the demo loader stored at once.
    const price = run.out.slice(run.out.indexOf('sw0791 · Jyn Erso'));
    expect(price).toMatch(/7 days\s+([+−]\d+\.\d|0\.0)%/);
    expect(price).toMatch(/30 days\s+([+−]\d+\.\d|0\.0)%/);
    // Without network, euros at the last bundled ECB rate, its date named and its age admitted.
    expect(run.out).toContain('EUR, converted from USD at 1 USD = 0.8887 EUR (ECB, 2025-05-09)');
    expect(run.out).toMatch(/Stale rate: the newest stored EUR rate is \d+ days old/);
    expect(run.out).toMatch(/Gainers \(5\)/);
    // set: the set catalogue is there; its figures need BrickLink, which a newcomer has not set up.
    expect(run.out).toContain('75192-1 · Millennium Falcon - UCS {2nd edition}');
    expect(run.out).toContain('BrickLink is not set up here (an admin sets the BRICKLINK_* keys)');
    // The alert says when it is first checked: the running service's evaluation schedule.
    expect(run.out).toMatch(/Prices are next checked against it at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    // The alert fired by the scheduled evaluation, delivered into the console, marked as demo data.
    expect(run.out).toMatch(/\[alert\] \[DEMO DATA\]\s+▼ Alert: sw0791/);
    // Logs went to the file under DATA_DIR, whose path was printed once.
    expect(run.out).toContain(`Logs go to ${path.join(dataDir, 'minifig.log')}`);
    expect(readFileSync(path.join(dataDir, 'minifig.log'), 'utf8')).toContain('loaded the bundled demo data');
    // The embedded server was stopped on the way out.
    expect(await portOpen(Number(pgPort))).toBe(false);
  }, 240_000);

  it('a second start reuses the data: nothing is imported twice', async () => {
    const run = await firstRun(env, ['exit']);
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('Loading 90 days');
    expect(run.out).not.toContain("Loading ECB's");
    const logged = readFileSync(path.join(dataDir, 'minifig.log'), 'utf8');
    expect(logged.match(/loaded the bundled demo data/g)).toHaveLength(1);
    expect(logged.match(/minifig-stonks started/g)).toHaveLength(2);
  }, 180_000);

  it('a polite kill winds the service down before its database: no warning, exit 0, server stopped', async () => {
    const { code, out } = await startThenSignal(env, ['SIGTERM']);
    expect(out).toContain('Shutting down (SIGTERM)');
    expect(code).toBe(0);
    const problems = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level >= 40);
    expect(problems).toEqual([]);
    expect(await portOpen(Number(pgPort))).toBe(false);
  }, 180_000);

  it('a second signal during the shutdown exits at once, and still stops the embedded server', async () => {
    // Two different signals: two of the same kind may be delivered as one.
    const { code, out } = await startThenSignal(env, ['SIGTERM', 'SIGINT']);
    expect(out).toContain('Stopping at once.');
    expect(code).toBe(130);
    // The server was told to stop on the way out; it goes within moments.
    await expect.poll(() => portOpen(Number(pgPort)), { timeout: 15_000 }).toBe(false);
  }, 180_000);
});
