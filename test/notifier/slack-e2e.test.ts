/**
 * Alerts and digests end to end on Slack: the real Bolt app receives signed slash commands, the
 * real ingest pipeline and evaluate-alerts job run, and the notifier posts through the adapter's
 * send to the fake Slack Web API, which answers 429 and 500 along the way. The notifier's clock is
 * a manual one: it waits out Slack's answers in no real time, and its sleeps show when it is idle.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { SLACK_MIN_INTERVAL_MS } from '../../src/adapters/slack/index.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { Notifier } from '../../src/notifier/notifier.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import type { FakeSlack } from '../support/fakes/fake-slack.js';
import { type SlackAppE2E, startSlackE2E } from '../support/slack-e2e.js';
import {
  ingestCrash,
  outboxStatus,
  quiet,
  runDigest,
  runEvaluation,
  seedFigure,
  until,
} from './e2e-support.js';
import { letTimePass, ManualClock } from './manual-clock.js';

const member = { teamId: 'T0000TEAM1', userId: 'UMEMBER001', channelId: 'C0PRICES01' };
const admin = { teamId: 'T0000TEAM1', userId: 'UADMIN0001', channelId: 'C0DIGEST01' };

describe('alerts and digests end to end on Slack', () => {
  let db: TestDatabase;
  let e2e: SlackAppE2E;
  let fake: FakeSlack;
  let notifier: Notifier;
  const clock = new ManualClock();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, 'sw0188', new Date());
    e2e = await startSlackE2E({
      dispatcher: createDispatcher({ commands, deps: createDepsFactory(db.orm), log: quiet }),
      prepare: (f) => void f.users.set(admin.userId, { name: 'admin', is_admin: true }),
    });
    fake = e2e.fake;
    notifier = new Notifier({
      orm: db.orm,
      ports: { slack: e2e.slack },
      log: quiet,
      pollMs: 600_000,
      retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1_000 },
      clock,
    });
    await notifier.start();
    // Nothing to send yet: idle until a NOTIFY (its clock never reaches the next poll by itself).
    expect(await clock.nextSleep()).toBe(600_000);
  });
  afterAll(async () => {
    await notifier?.stop();
    await e2e?.close();
    await db?.drop();
  });

  const slash = (who: typeof member, text: string) => e2e.slash(who, text);
  const posts = (channel: string) =>
    fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);

  it('a user sets an alert; the crossing arrives in their DM once, through a 429 and a 500', async () => {
    const answer = await slash(member, 'alert add sw0188 below 15');
    expect(String(answer.params.text)).toMatch(/Alert #\d+ set: sw0188 .* below \$15\.00/);

    expect(await ingestCrash(db.orm, 'sw0188', new Date())).toBe(10);
    // Slack is busy, then failing, then fine.
    fake.fail('chat.postMessage', { kind: '429', retryAfterSec: 30 });
    fake.fail('chat.postMessage', { kind: '500' });
    expect((await runEvaluation(db.orm)).fired).toBe(1);

    // Woken by the new row's NOTIFY, told by Slack to come back in 30 s: it sleeps that long (less
    // the real moment between writing the row's due time and reading it back).
    const rateLimited = await clock.nextSleep();
    expect(rateLimited).toBeLessThanOrEqual(30_005);
    expect(rateLimited).toBeGreaterThan(20_000);
    await letTimePass(db.orm, clock, rateLimited);
    // Then a 500: backoff from 200 ms, ±20 %, and the rest of Slack's pace for the channel.
    const backoff = await clock.nextSleep();
    expect(backoff).toBeLessThanOrEqual(245);
    await letTimePass(db.orm, clock, backoff);
    const paced = await clock.nextSleep();
    expect(paced).toBeCloseTo(SLACK_MIN_INTERVAL_MS - backoff);
    await letTimePass(db.orm, clock, paced);
    // Delivered, and idle again.
    expect(await clock.nextSleep()).toBe(600_000);
    expect(await outboxStatus(db.orm, 'alert')).toEqual(['sent']);
    // Posting to a user id lands in the app's DM with that user.
    const calls = posts(member.userId);
    expect(calls).toHaveLength(3);
    expect(String(calls[2]?.params.text)).toContain('sw0188 Clone Trooper (Phase 2) (used) is at $10.00');
    const [row] = await db.orm.em
      .fork()
      .execute<{ attempts: number; last_error: string | null }[]>(
        `select attempts, last_error from notifications`,
      );
    // The 429 cost no attempt; the 500 did.
    expect(row?.attempts).toBe(2);

    await runEvaluation(db.orm);
    await notifier.drain();
    expect(posts(member.userId)).toHaveLength(3);
  });

  it('only an admin may subscribe; the digest posts once in the channel at its local time', async () => {
    const refused = await slash(member, 'digest subscribe 08:00 America/New_York');
    expect(String(refused.params.text)).toMatch(/Only workspace admins/);

    const ok = await slash(admin, 'digest subscribe 08:00 America/New_York Star Wars');
    expect(String(ok.params.text)).toMatch(/daily digest at 08:00 America\/New_York \(Star Wars only\)/);

    const eight = DateTime.now()
      .setZone('America/New_York')
      .plus({ days: 2 })
      .set({ hour: 8, minute: 0, second: 0 });
    expect((await runDigest(db.orm, eight.minus({ minutes: 5 }).toJSDate())).queued).toBe(0);
    expect((await runDigest(db.orm, eight.plus({ minutes: 2 }).toJSDate())).queued).toBe(1);
    expect((await runDigest(db.orm, eight.plus({ hours: 10 }).toJSDate())).queued).toBe(0);
    await until(async () => (await outboxStatus(db.orm, 'digest')).join() === 'sent');
    await notifier.drain();
    const digest = posts(admin.channelId);
    expect(digest).toHaveLength(1);
    expect(String(digest[0]?.params.text)).toMatch(
      new RegExp(`^Daily digest ${eight.toISODate()} \\(Star Wars\\)`),
    );
  });
});
