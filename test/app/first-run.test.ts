import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

/** Runs `minifig start` as a newcomer would: no DATABASE_URL, no tokens; types into the console chat. */
function firstRun(
  env: Record<string, string>,
  typed: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.join(REPO_ROOT, 'bin/minifig.js'), 'start'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      // Type once the console has greeted us.
      if (!sent && out.includes('minifig console')) {
        sent = true;
        child.stdin.write(`${typed.join('\n')}\n`);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
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
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the embedded database, loads the sample catalogue and demo prices, and opens the console chat', async () => {
    const run = await firstRun({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, PORT: '0' }, [
      'price sw0791 new',
      'search boba fett',
      'exit',
    ]);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    expect(run.out).toContain('DEMO DATA');
    expect(run.out.toLowerCase()).toContain('demo data');
    expect(run.out).toMatch(/sw0791/);
    expect(run.out).toMatch(/\$\d+\.\d{2}/);
    // The embedded server was stopped on the way out.
    expect(await portOpen(Number(pgPort))).toBe(false);
  }, 180_000);

  it('a second start reuses the data: nothing is imported twice', async () => {
    const run = await firstRun(
      { DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, PORT: '0', LOG_LEVEL: 'info' },
      ['exit'],
    );
    expect(run.code).toBe(0);
    expect(run.err).not.toContain('loaded the bundled demo data');
    expect(run.err).toContain('minifig-stonks started');
  }, 180_000);
});
