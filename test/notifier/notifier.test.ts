import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertFiredPayload } from '../../src/alerts/types.js';
import { ormOptions } from '../../src/db/orm.js';
import {
  claimDue,
  insertNotification,
  msUntilNextDue,
  type NotificationPlatform,
  outboxCounts,
} from '../../src/db/repositories/notifications.js';
import { Notifier, type NotifierOptions } from '../../src/notifier/notifier.js';
import { idempotencyKeyFor } from '../../src/notifier/port.js';
import { outboxRows } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakePlatform } from '../support/fakes/fake-platform.js';
import { letTimePass, ManualClock } from './manual-clock.js';

function alertPayload(n: number): AlertFiredPayload {
  return {
    type: 'alert',
    alertId: String(n),
    kind: 'below',
    condition: 'used',
    figure: {
      id: '00000000-0000-0000-0000-000000000001',
      itemNo: 'sw0001',
      name: 'Battle Droid',
      theme: 'Star Wars',
      year: 1999,
    },
    price: 4.5,
    basis: 'sold',
    windowDays: 30,
    listingCount: 12,
    reference: 5,
    direction: null,
    periodDays: null,
    change: null,
    priceBefore: null,
    firedAt: '2026-11-20T12:00:00.000Z',
  };
}

const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 };

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('notifier', () => {
  let db: TestDatabase;
  const notifiers: Notifier[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const n of notifiers) await n.stop();
    await db?.drop();
  });
  beforeEach(async () => {
    for (const n of notifiers.splice(0)) await n.stop();
    await db.orm.em.fork().execute('truncate notifications cascade');
  });

  const em = () => db.orm.em.fork();
  const write = async (
    count: number,
    opts: { platform?: NotificationPlatform; target?: string; prefix?: string } = {},
  ) => {
    for (let i = 0; i < count; i++) {
      await insertNotification(em(), {
        platform: opts.platform ?? 'console',
        workspaceId: 'W1',
        targetKind: 'user',
        targetId: opts.target ?? `U${i % 7}`,
        kind: 'alert',
        payload: alertPayload(i),
        dedupeKey: `${opts.prefix ?? 'k'}:${i}`,
      });
    }
  };
  const notifier = (port: FakePlatform, opts: Partial<NotifierOptions> = {}) => {
    const n = new Notifier({
      orm: db.orm,
      ports: { console: port },
      listen: false,
      retry: FAST_RETRY,
      leaseMs: 2_000,
      sendTimeoutMs: 500,
      pollMs: 50,
      ...opts,
    });
    notifiers.push(n);
    return n;
  };

  it('delivers every due row once, rendered, with a stable idempotency key, and marks it sent', async () => {
    await write(12);
    const port = new FakePlatform();
    expect(await notifier(port).drain()).toBe(12);
    expect(port.deliveries).toHaveLength(12);
    const rows = await outboxRows(em());
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    for (const row of rows) {
      const d = port.deliveries.find((x) => x.idempotencyKey === idempotencyKeyFor(row.dedupeKey));
      expect(d?.messageId).toBe(row.platformMessageId);
      expect(d?.target).toEqual({ kind: 'user', id: row.targetId, workspaceId: 'W1' });
      expect(d?.reply.summary).toContain('sw0001 Battle Droid (used) is at $4.50');
    }
    expect(await notifier(port).drain()).toBe(0);
  });

  it('loses nothing when the process dies between the job write and delivery', async () => {
    // The job committed its rows; no notifier was running (or it died before claiming).
    await write(5);
    // A notifier that claimed two rows and died mid-delivery: its lease is all that is left of it.
    const dead = await claimDue(em(), {
      platforms: ['console'],
      limit: 2,
      leaseMs: 1_000,
      token: crypto.randomUUID(),
    });
    expect(dead).toHaveLength(2);
    const port = new FakePlatform();
    const restarted = notifier(port);
    await restarted.start();
    await until(async () => (await outboxCounts(em())).sent === 5);
    expect(port.deliveries.map((d) => d.idempotencyKey).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => idempotencyKeyFor(`k:${i}`)).sort(),
    );
  });

  it('sends once when the platform accepted a message but the answer was lost (idempotency key)', async () => {
    await write(1);
    const port = new FakePlatform({ dedupe: true });
    port.fail({ kind: 'accept-then-throw' });
    const n = notifier(port);
    await n.start();
    await until(async () => (await outboxCounts(em())).sent === 1);
    expect(port.calls).toBe(2);
    expect(port.deliveries).toHaveLength(1);
    const [row] = await outboxRows(em());
    expect(row?.platformMessageId).toBe(port.deliveries[0]?.messageId);
  });

  it('never lets two notifier instances deliver the same row', async () => {
    await write(300);
    const other = await MikroORM.init(ormOptions(db.url, 4));
    try {
      const port = new FakePlatform({ dedupe: false, latencyMs: 2 });
      const a = notifier(port, { batchSize: 7, concurrency: 4 });
      const b = new Notifier({
        orm: other,
        ports: { console: port },
        listen: false,
        retry: FAST_RETRY,
        batchSize: 5,
        concurrency: 3,
      });
      const [na, nb] = await Promise.all([a.drain(), b.drain()]);
      expect(na + nb).toBe(300);
      expect(na).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
      // Without deduplication at the platform, any double claim would show up as a second delivery.
      expect(port.calls).toBe(300);
      expect(new Set(port.deliveries.map((d) => d.idempotencyKey)).size).toBe(300);
      expect((await outboxCounts(em())).sent).toBe(300);
    } finally {
      await other.close(true);
    }
  });

  it('waits out a 429 for as long as asked, without spending an attempt, then delivers', async () => {
    await write(1);
    // A minute: far from the second a 429 waits by default, and no test waits for it in real time.
    const retryAfterMs = 60_000;
    const port = new FakePlatform();
    port.fail({ kind: 'status', status: 429, retryAfterMs }, 3);
    const clock = new ManualClock();
    await notifier(port, { clock, pollMs: 600_000 }).start();
    for (let i = 1; i <= 3; i++) {
      // Told to come back in a minute, it sleeps until then: the row's due time less the moment
      // (real, on the database's clock) between writing it and reading it back.
      const slept = await clock.nextSleep();
      expect(port.calls).toBe(i);
      expect(slept).toBeLessThanOrEqual(retryAfterMs + 5);
      expect(slept).toBeGreaterThan(retryAfterMs - 10_000);
      expect((await outboxCounts(em())).pending).toBe(1);
      await letTimePass(db.orm, clock, slept);
    }
    // Delivered, and idle until the next poll.
    expect(await clock.nextSleep()).toBe(600_000);
    expect(port.calls).toBe(4);
    const [row] = await outboxRows(em());
    expect(row?.status).toBe('sent');
    expect(row?.attempts).toBe(1);
  });

  it('retries 500s with backoff and delivers; gives up after the last attempt with the reason', async () => {
    await write(1, { prefix: 'flaky' });
    const port = new FakePlatform();
    port.fail({ kind: 'status', status: 500 }, FAST_RETRY.maxAttempts - 1);
    await notifier(port).start();
    await until(async () => (await outboxCounts(em())).sent === 1);
    expect((await outboxRows(em()))[0]?.attempts).toBe(FAST_RETRY.maxAttempts);

    await write(1, { prefix: 'down' });
    port.fail({ kind: 'status', status: 503, message: 'Service Unavailable' }, FAST_RETRY.maxAttempts);
    await until(async () => (await outboxCounts(em())).failed === 1);
    const failed = (await outboxRows(em())).find((r) => r.status === 'failed');
    expect(failed?.attempts).toBe(FAST_RETRY.maxAttempts);
    expect(failed?.lastError).toMatch(/gave up after 5 attempts: .*HTTP 503.*Service Unavailable/);
  });

  it('fails at once on an error that retrying cannot fix', async () => {
    await write(1);
    const port = new FakePlatform();
    port.fail({ kind: 'status', status: 403, message: 'Missing Access' });
    await notifier(port).drain();
    const [row] = await outboxRows(em());
    expect(row?.status).toBe('failed');
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toMatch(/HTTP 403.*Missing Access/);
  });

  it('paces messages to one target and keeps other targets flowing', async () => {
    await write(3, { target: 'C1', prefix: 'c1' });
    await write(1, { target: 'C2', prefix: 'c2' });
    // Virtual time: a pause moves the clock on at once, so the gaps are exact and nothing sleeps.
    let now = 1_000;
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
    const port = new FakePlatform({ minIntervalPerTargetMs: 400, clock: clock.now });
    await notifier(port, { clock }).drain();
    const c1 = port.deliveries.filter((d) => d.target.id === 'C1').map((d) => d.startedAt);
    expect(c1).toHaveLength(3);
    for (let i = 1; i < c1.length; i++)
      expect((c1[i] as number) - (c1[i - 1] as number)).toBeGreaterThanOrEqual(400);
    // C2 went out before C1's second slot: its own pace is not C1's.
    const c2 = port.deliveries.find((d) => d.target.id === 'C2');
    expect(c2?.startedAt as number).toBeLessThan(c1[1] as number);
  });

  it('sleeps until its next poll when nothing is waiting, instead of asking the database again at once', async () => {
    expect(await msUntilNextDue(em(), ['console'])).toBeNull();
    let rounds = 0;
    const counted = {
      ...db.orm,
      em: {
        fork: () => {
          rounds++;
          return db.orm.em.fork();
        },
      },
    } as unknown as MikroORM;
    const clock = new ManualClock();
    await notifier(new FakePlatform(), { orm: counted, pollMs: 600_000, clock }).start();
    // One claim and one look for the next due row, then a sleep for the whole poll interval.
    expect(await clock.nextSleep()).toBe(600_000);
    expect(rounds).toBe(2);
    await write(1);
    expect(await msUntilNextDue(em(), ['console'])).toBe(0);
  });

  it('wakes on NOTIFY from another connection long before its next poll', async () => {
    const port = new FakePlatform();
    // Its clock never moves: only a wake-up can end its sleep.
    const clock = new ManualClock();
    await notifier(port, { listen: true, pollMs: 600_000, clock }).start();
    expect(await clock.nextSleep()).toBe(600_000);
    await write(1);
    // Woken by the insert's NOTIFY, it delivered the row and went back to sleep.
    expect(await clock.nextSleep()).toBe(600_000);
    expect(port.deliveries).toHaveLength(1);
  });

  it('leaves rows of platforms it cannot reach for an instance that can', async () => {
    await write(2, { platform: 'slack', prefix: 'slack' });
    await write(1, { platform: 'console', prefix: 'console' });
    const port = new FakePlatform();
    expect(await notifier(port).drain()).toBe(1);
    expect(await outboxCounts(em())).toEqual({ pending: 2, sending: 0, sent: 1, failed: 0 });
  });
});
