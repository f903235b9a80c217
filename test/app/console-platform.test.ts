/**
 * The console is one of the app's chat platforms: `startApp` with a terminal opens it on main's
 * dispatcher and services, so the configuration applies there as everywhere (ALERTS_PER_USER),
 * and its alerts are printed into the terminal through its `send`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../../src/main.js';
import { ingestCrash, runEvaluationWhenFree, seedFigure, until } from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startAppOn } from '../support/in-process-app.js';

describe('the console chat as one of the platforms', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let app: AppHandle;
  let chartDir: string;
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    chartDir = await mkdtemp(path.join(tmpdir(), 'console-platform-'));
    await seedFigure(db.orm, 'sw0188', new Date());
    app = await startAppOn(db, { ALERTS_PER_USER: '2' }, { console: { input, output, chartDir } });
  });
  afterAll(async () => {
    input.end();
    await app?.stop();
    await db?.drop();
    await rm(chartDir, { recursive: true, force: true });
  });

  it('holds a console user to ALERTS_PER_USER from the configuration', async () => {
    for (const line of [
      'alert add sw0188 below 15',
      'alert add sw0188 above 40',
      'alert add sw0188 above 50',
    ]) {
      input.write(`${line}\n`);
    }
    await until(() => text.includes('the most one person can have')).catch(() => {
      throw new Error(`the console said:\n${text}`);
    });
    expect(text.match(/Alert #\d+ set/g)).toHaveLength(2);
    expect(text).toContain('You already have 2 alerts, the most one person can have.');
    input.write('alert list\n');
    await until(() => text.includes('2 of 2 alerts in use'));
  });

  it('prints an alert into the terminal when the price crosses', async () => {
    await ingestCrash(db.orm, 'sw0188', new Date());
    await runEvaluationWhenFree(db.orm);
    await until(() => text.includes('[alert]'));
    expect(text.slice(text.indexOf('[alert]'))).toContain(
      'sw0188 Clone Trooper (Phase 2) (used) is at $10.00',
    );
  });

  it('ends the app’s chat when the person types exit', async () => {
    input.write('exit\n');
    await app.finished;
  });
});
