import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogRoute, readableWarning } from '../src/log-route.js';

describe('the log route while the console owns the terminal', () => {
  it('writes every line to the file and echoes warnings and errors as one readable line', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'log-route-')), 'nested', 'minifig.log');
    const route = new LogRoute();
    const echoed: string[] = [];
    route.toFile(file, (text) => echoed.push(text));
    const log = pino({ level: 'info' }, route);
    log.info({ job: 'fx' }, 'job finished');
    log.warn(
      { job: 'bricklink', err: new Error('HTTP 500\n    at stack') },
      'figure failed; the others carry on',
    );
    log.error({ source: 'eBay' }, 'credentials refused');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] as string).msg).toBe('job finished');
    expect(echoed).toEqual([
      'warning: figure failed; the others carry on (job bricklink: HTTP 500)',
      'error: credentials refused (source eBay)',
    ]);
  });

  it('leaves info lines and anything that is not a log line alone', () => {
    expect(readableWarning('{"level":30,"msg":"started"}')).toBeNull();
    expect(readableWarning('not json')).toBeNull();
    expect(readableWarning('{"level":50,"msg":"boom","err":"plain text"}')).toBe('error: boom (plain text)');
  });
});
