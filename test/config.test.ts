import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { REDACT, redactUrl, SERIALIZERS } from '../src/log.js';

describe('loadConfig', () => {
  it('has sensible defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.embeddedPgPort).toBe(54329);
    expect(c.priceRetention).toBeUndefined();
    expect(c.sources.bricklink).toEqual({
      baseUrl: 'https://api.bricklink.com/api/store/v1',
      refreshWantedMs: 6 * 3_600_000,
      refreshOthersMs: 24 * 3_600_000,
      credentials: undefined,
    });
    expect(c.sources.ecb.dailyUrl).toBe('https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml');
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.schedules.fx).toBe('30 16 * * *');
  });

  it('treats empty values as unset and groups credentials only when complete', () => {
    const c = loadConfig({
      DATABASE_URL: '',
      BRICKLINK_CONSUMER_KEY: 'ck',
      BRICKLINK_CONSUMER_SECRET: 'cs',
      BRICKLINK_TOKEN: 't',
      BRICKLINK_TOKEN_SECRET: '',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_ADMIN_USER_IDS: 'U1, U2,,',
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.sources.bricklink.credentials).toBeUndefined();
    expect(c.slack?.adminUserIds).toEqual(['U1', 'U2']);
  });

  it('names every bad variable in one message', () => {
    const bad = () => loadConfig({ DATABASE_URL: 'mysql://x', EMBEDDED_PG_PORT: '80', ECB_URL: 'not a url' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL: must be a postgres/);
    expect(bad).toThrow(/EMBEDDED_PG_PORT/);
    expect(bad).toThrow(/ECB_URL: must be a URL/);
  });

  it('takes a schedule per job of the job list and refresh periods as durations, and names bad ones', () => {
    const c = loadConfig({
      SCHEDULE_REFRESH_SNAPSHOTS: 'every 10 minutes',
      SCHEDULE_EBAY: '*/5 * * * *',
      BRICKLINK_REFRESH_WANTED: '90m',
    });
    expect(c.schedules['refresh-snapshots']).toBe('every 10 minutes');
    expect(c.schedules.ebay).toBe('*/5 * * * *');
    expect(c.schedules['daily-digest']).toBe('every 1 minute');
    expect(c.sources.bricklink.refreshWantedMs).toBe(90 * 60_000);
    const bad = () =>
      loadConfig({ SCHEDULE_DAILY_DIGEST: 'every blue moon', BRICKLINK_REFRESH_OTHERS: 'tomorrow' });
    expect(bad).toThrow(/SCHEDULE_DAILY_DIGEST: must be a cron expression/);
    expect(bad).toThrow(/BRICKLINK_REFRESH_OTHERS: must be a duration/);
  });
});

/** The product's redaction options, on a logger writing to memory. */
function memoryLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ redact: REDACT, serializers: SERIALIZERS }, sink), lines };
}

describe('secrets in logs', () => {
  it('redacts credentials wherever they sit in a logged object, and passwords in URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:hunter2@db/x',
      DISCORD_TOKEN: 'discord-secret-token',
      DISCORD_APPLICATION_ID: '123',
      EBAY_CLIENT_ID: 'id',
      EBAY_CLIENT_SECRET: 'ebay-secret',
    });
    const { logger, lines } = memoryLogger();
    logger.info({ config }, 'starting');
    // An upstream error that quotes a credential in its text: keys cannot catch that, values can.
    logger.error(
      { err: new Error('401 for token discord-secret-token at postgres://u:hunter2@db') },
      'failed',
    );
    // The HTTP layer logs just the message of a retried failure: a string under `err`.
    logger.warn({ err: `upstream said ${'x'.repeat(5000)} ebay-secret` }, 'retrying');
    const out = lines.join('');
    expect(out).toContain('more characters]');
    for (const secret of ['hunter2', 'discord-secret-token', 'ebay-secret'])
      expect(out).not.toContain(secret);
    expect(redactUrl('postgres://u:hunter2@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  });

  it('scrubs credentials quoted in error text that no configuration names', () => {
    const { logger, lines } = memoryLogger();
    logger.error(
      {
        err: new Error(
          'connect failed: postgres://app:s3cr3t-pw@db:5432/x password=pa55word token: "abc def"',
        ),
      },
      'failed',
    );
    logger.warn({ err: 'retrying https://bot:t0ken@api.example.com/x api_key=K3Y, next' }, 'retrying');
    const out = lines.join('');
    for (const secret of ['s3cr3t-pw', 'pa55word', 'abc def', 't0ken', 'K3Y'])
      expect(out).not.toContain(secret);
    expect(out).toContain('postgres://app:***@db:5432/x');
    expect(out).toContain('password=[redacted]');
    expect(out).toContain('api_key=[redacted], next');
  });
});
