import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  digestDedupeKey,
  dueDigest,
  normaliseTimeZone,
  parseDigestTime,
} from '../../src/alerts/digest-schedule.js';
import { loadConfig } from '../../src/config.js';
import { upsertSubscription } from '../../src/db/repositories/subscriptions.js';
import dailyDigest from '../../src/jobs/daily-digest.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import { log } from '../../src/log.js';
import { DAY, HOUR, insertFigure, insertListings, outboxRows, refreshPrices } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('digest schedule', () => {
  const created = new Date('2026-01-01T00:00:00Z');

  it('is due from the local time until the end of the local day, keyed by the local date', () => {
    const sub = { digestTime: '09:00', timeZone: 'Europe/Berlin', createdAt: created };
    // Berlin is UTC+1 in November.
    expect(dueDigest(sub, new Date('2026-11-20T07:59:00Z'))).toBeNull();
    expect(dueDigest(sub, new Date('2026-11-20T08:00:00Z'))).toEqual({
      localDate: '2026-11-20',
      scheduledAt: new Date('2026-11-20T08:00:00Z'),
    });
    expect(dueDigest(sub, new Date('2026-11-20T22:59:00Z'))?.localDate).toBe('2026-11-20');
    expect(dueDigest(sub, new Date('2026-11-20T23:00:00Z'))).toBeNull(); // 00:00 on the 21st in Berlin
  });

  it('uses the local date, not the UTC date', () => {
    const sub = { digestTime: '22:00', timeZone: 'America/New_York', createdAt: created };
    // 03:30 UTC on the 21st is 22:30 on the 20th in New York (UTC-5).
    expect(dueDigest(sub, new Date('2026-11-21T03:30:00Z'))?.localDate).toBe('2026-11-20');
  });

  it('moves a time that does not exist on a spring-forward night to after the gap', () => {
    const sub = { digestTime: '02:30', timeZone: 'America/New_York', createdAt: created };
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    expect(dueDigest(sub, new Date('2026-03-08T06:59:00Z'))).toBeNull();
    expect(dueDigest(sub, new Date('2026-03-08T07:30:00Z'))?.localDate).toBe('2026-03-08');
  });

  it('starts the day after for a channel subscribed after today’s time', () => {
    const sub = { digestTime: '09:00', timeZone: 'UTC', createdAt: new Date('2026-11-20T10:00:00Z') };
    expect(dueDigest(sub, new Date('2026-11-20T11:00:00Z'))).toBeNull();
    expect(dueDigest(sub, new Date('2026-11-21T09:00:00Z'))?.localDate).toBe('2026-11-21');
  });

  it('reads times and IANA zones as people type them', () => {
    expect(parseDigestTime('9:05')).toBe('09:05');
    expect(parseDigestTime('21:30')).toBe('21:30');
    expect(parseDigestTime('24:00')).toBeNull();
    expect(parseDigestTime('9am')).toBeNull();
    expect(normaliseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(normaliseTimeZone('UTC')).toBe('UTC');
    expect(normaliseTimeZone('Mars/Olympus')).toBeNull();
    expect(normaliseTimeZone("'; drop table alerts; --")).toBeNull();
  });
});

describe('daily-digest job', () => {
  let db: TestDatabase;
  let em: EntityManager;
  const config = loadConfig({});
  // 09:05 in Berlin on 2026-11-20.
  const now = new Date('2026-11-20T08:05:00Z');
  const listed = new Map<string, number>();

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    const themes = ['Star Wars', 'Star Wars', 'Star Wars', 'City', 'City', 'Castle'];
    const figures = await Promise.all(
      themes.map((theme, i) => insertFigure(em, `dg${String(i).padStart(4, '0')}`, { theme })),
    );
    // Figure i gets 3 + 2i sales over the last 5 days, so the most listed order is known.
    const listings = figures.flatMap((figureId, i) =>
      Array.from({ length: 3 + 2 * i }, (_, k) => ({
        figureId,
        price: 10 + k,
        at: new Date(now.getTime() - (k % 5) * DAY - HOUR),
      })),
    );
    await insertListings(em, listings);
    for (let i = 0; i < figures.length; i++) listed.set(`dg${String(i).padStart(4, '0')}`, 3 + 2 * i);
    // The digest reads the analytics the snapshot refresh stores.
    await refreshPrices(em, now);
    await upsertSubscription(
      em,
      { platform: 'discord', workspaceId: 'G1', channelId: 'C-all' },
      { digestTime: '09:00', timeZone: 'Europe/Berlin', theme: null, createdBy: 'U1' },
    );
    await upsertSubscription(
      em,
      { platform: 'slack', workspaceId: 'T1', channelId: 'C-sw' },
      { digestTime: '09:00', timeZone: 'Europe/Berlin', theme: 'Star Wars', createdBy: 'U2' },
    );
    await upsertSubscription(
      em,
      { platform: 'slack', workspaceId: 'T1', channelId: 'C-late' },
      { digestTime: '18:00', timeZone: 'Europe/Berlin', theme: null, createdBy: 'U2' },
    );
    await em.execute(`update channel_subscriptions set created_at = '2026-01-01'`);
  });
  afterAll(() => db?.drop());

  const run = (at: Date) => executeJob(dailyDigest, { orm: db.orm, config, log, now: at });

  it('queues one digest per due channel with its theme, and none for channels not yet due', async () => {
    const outcome = await run(now);
    expect(outcome.status).toBe('ran');
    const rows = (await outboxRows(em)).filter((r) => r.kind === 'digest');
    expect(rows.map((r) => [r.platform, r.targetKind, r.targetId]).sort()).toEqual([
      ['discord', 'channel', 'C-all'],
      ['slack', 'channel', 'C-sw'],
    ]);
    const all = rows.find((r) => r.targetId === 'C-all')?.payload as {
      date: string;
      theme: string | null;
      mostListed: { figure: { itemNo: string }; listings: number }[];
    };
    expect(all.date).toBe('2026-11-20');
    expect(all.theme).toBeNull();
    const expectedTop = [...listed.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    expect(all.mostListed.map((m) => [m.figure.itemNo, m.listings])).toEqual(expectedTop);
    const sw = rows.find((r) => r.targetId === 'C-sw')?.payload as typeof all;
    expect(sw.theme).toBe('Star Wars');
    expect(sw.mostListed.map((m) => m.figure.itemNo)).toEqual(['dg0002', 'dg0001', 'dg0000']);
    const sub = await em.execute<{ id: string }[]>(
      `select id::text as id from channel_subscriptions where channel_id = 'C-all'`,
    );
    expect(rows.find((r) => r.targetId === 'C-all')?.dedupeKey).toBe(
      digestDedupeKey((sub[0] as { id: string }).id, '2026-11-20'),
    );
  });

  it('sends one digest per channel however often it runs that day, even two runs at once', async () => {
    await run(new Date(now.getTime() + 10 * 60_000));
    await Promise.all([
      run(new Date(now.getTime() + 20 * 60_000)),
      executeJob(
        { ...dailyDigest, exclusive: false },
        { orm: db.orm, config, log, now: new Date(now.getTime() + HOUR) },
      ),
    ]);
    const late = await run(new Date('2026-11-20T22:30:00Z')); // 23:30 in Berlin, still the 20th
    expect(late.status === 'ran' && late.summary).toMatchObject({ due: 3, queued: 1, alreadySent: 2 });
    const rows = (await outboxRows(em)).filter((r) => r.kind === 'digest');
    expect(rows.map((r) => r.targetId).sort()).toEqual(['C-all', 'C-late', 'C-sw']);
    // The next local day brings the next digest.
    await run(new Date('2026-11-21T08:00:00Z'));
    const next = (await outboxRows(em)).filter(
      (r) => r.kind === 'digest' && r.dedupeKey.endsWith(':2026-11-21'),
    );
    expect(next.map((r) => r.targetId).sort()).toEqual(['C-all', 'C-sw']);
  });
});
