/**
 * Alerts and digests end to end on Discord: the real discord.js client logs in to the fake Discord;
 * a user creates an alert with a slash command; listings that cross it go through the real ingest
 * pipeline; the evaluate-alerts job runs; the notifier delivers through the adapter's send.
 * What counts is what reaches the fake's DM and channel endpoints, and how often.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type DiscordAdapter, startDiscord } from '../../src/adapters/discord/index.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { Notifier } from '../../src/notifier/notifier.js';
import { idempotencyKeyFor } from '../../src/notifier/port.js';
import { answerTo, embedOf, shown } from '../adapters/discord/harness.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeDiscord, type RecordedCall } from '../support/fakes/fake-discord.js';
import {
  apiUser,
  OPTION,
  slashCommandInteraction,
  snowflake,
} from '../support/fakes/fake-discord-payloads.js';
import {
  ingestCrash,
  outboxStatus,
  quiet,
  runDigest,
  runEvaluation,
  seedFigure,
  until,
} from './e2e-support.js';

const MESSAGES = 'POST /channels/:channel/messages';
const OPEN_DM = 'POST /users/@me/channels';

describe('alerts and digests end to end on Discord', () => {
  let db: TestDatabase;
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  let notifier: Notifier;
  const guildId = snowflake();
  const channelId = snowflake();
  const user = apiUser(snowflake(), 'collector');

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, 'sw0188', new Date());
    fake = await new FakeDiscord().start();
    const dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm), log: quiet });
    adapter = await startDiscord({
      config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
      dispatcher,
      log: quiet,
    });
    await fake.gateway.waitForReady();
    notifier = new Notifier({
      orm: db.orm,
      ports: { discord: adapter },
      log: quiet,
      pollMs: 250,
    });
    await notifier.start();
  });
  afterAll(async () => {
    await notifier?.stop();
    await adapter?.stop();
    await fake?.close();
    await db?.drop();
  });

  function slash(
    name: string,
    sub: string,
    options: { name: string; type: number; value: string | boolean }[],
    permissions?: string,
  ) {
    const payload = slashCommandInteraction(
      fake.applicationId,
      { name, options: [{ name: sub, type: OPTION.SUB_COMMAND, options }] },
      { guildId, channelId, user, ...(permissions ? { permissions } : {}) },
    );
    fake.sendInteraction(payload);
    return answerTo(fake, payload.token as string);
  }
  const messagesTo = (channel: string): RecordedCall[] =>
    fake.callsTo(MESSAGES).filter((c) => c.params.channel === channel && c.status === 200);
  const dedupeKeys = async (kind: string) =>
    (
      await db.orm.em
        .fork()
        .execute<{ k: string }[]>('select dedupe_key as k from notifications where kind = ? order by id', [
          kind,
        ])
    ).map((r) => r.k);

  it('a user sets an alert, a crossing is ingested and evaluated, and the DM arrives once', async () => {
    const answer = await slash('alert', 'add', [
      { name: 'figure', type: OPTION.STRING, value: 'sw0188' },
      { name: 'kind', type: OPTION.STRING, value: 'below' },
      { name: 'value', type: OPTION.STRING, value: '15' },
    ]);
    expect(shown(embedOf(answer.json).description)).toMatch(
      /Alert #\d+ set: sw0188 .* below \$15\.00\. It will be sent to a direct message/,
    );

    // Nothing crossed yet: the headline is $20.
    expect((await runEvaluation(db.orm)).fired).toBe(0);
    expect(await ingestCrash(db.orm, 'sw0188', new Date())).toBe(10);
    expect((await runEvaluation(db.orm)).fired).toBe(1);

    await until(async () => (await outboxStatus(db.orm, 'alert')).join() === 'sent');
    const dm = fake.callsTo(OPEN_DM).find((c) => c.json?.recipient_id === user.id);
    expect(dm?.status).toBe(200);
    const dmChannel = (dm?.response as { id: string } | undefined)?.id ?? 'no DM channel';
    const delivered = messagesTo(dmChannel);
    expect(delivered).toHaveLength(1);
    const body = delivered[0]?.json;
    expect(shown(embedOf(body).title)).toMatch(/^Alert: sw0188 · Clone Trooper \(Phase 2\)/);
    expect(shown(embedOf(body).description)).toContain('is at $10.00, at or below your $15.00 alert');
    const [key] = await dedupeKeys('alert');
    expect(body?.nonce).toBe(idempotencyKeyFor(key as string));
    expect(body?.enforce_nonce).toBe(true);

    // Evaluating again (the price is still under $15) sends nothing more.
    await runEvaluation(db.orm);
    await notifier.drain();
    expect(messagesTo(dmChannel)).toHaveLength(1);
  });

  it('a lost answer from Discord is retried with the same nonce and still makes one message', async () => {
    await slash('alert', 'add', [
      { name: 'figure', type: OPTION.STRING, value: 'sw0188' },
      { name: 'kind', type: OPTION.STRING, value: 'above' },
      { name: 'value', type: OPTION.STRING, value: '5' },
      { name: 'channel', type: OPTION.BOOLEAN, value: true },
    ]);
    // The next message is created, but its answer is a 500: discord.js retries the same request.
    fake.inject(
      { kind: '500-after-processing' },
      { match: (c) => c.route === MESSAGES && c.params.channel === channelId },
    );
    expect((await runEvaluation(db.orm)).fired).toBe(1);
    await until(async () => (await outboxStatus(db.orm, 'alert')).every((s) => s === 'sent'));
    const attempts = fake.callsTo(MESSAGES).filter((c) => c.params.channel === channelId);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(attempts.map((c) => c.json?.nonce)).size).toBe(1);
    expect(fake.messages.channelMessages.get(channelId)).toHaveLength(1);
  });

  it('only a member with Manage Channels may subscribe; the digest posts once at its local time', async () => {
    const refused = await slash(
      'digest',
      'subscribe',
      [{ name: 'time', type: OPTION.STRING, value: '09:00' }],
      '0',
    );
    expect(shown(embedOf(refused.json).description)).toMatch(
      /Only people with the Manage Channels permission/,
    );

    const ok = await slash('digest', 'subscribe', [
      { name: 'time', type: OPTION.STRING, value: '09:00' },
      { name: 'timezone', type: OPTION.STRING, value: 'Europe/Berlin' },
    ]);
    expect(shown(embedOf(ok.json).description)).toMatch(/daily digest at 09:00 Europe\/Berlin/);

    // The clock: two days from now, around 09:00 in Berlin.
    const nine = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 2 })
      .set({ hour: 9, minute: 0, second: 0 });
    const before = messagesTo(channelId).length;
    expect((await runDigest(db.orm, nine.minus({ minutes: 1 }).toJSDate())).queued).toBe(0);
    expect((await runDigest(db.orm, nine.plus({ minutes: 1 }).toJSDate())).queued).toBe(1);
    expect((await runDigest(db.orm, nine.plus({ hours: 3 }).toJSDate())).queued).toBe(0);
    await until(async () => (await outboxStatus(db.orm, 'digest')).join() === 'sent');
    await notifier.drain();
    const after = messagesTo(channelId).slice(before);
    expect(after).toHaveLength(1);
    expect(shown(embedOf(after[0]?.json).title)).toBe(`Daily digest · ${nine.toISODate()} · all themes`);
    expect(await dedupeKeys('digest')).toEqual([expect.stringMatching(new RegExp(`:${nine.toISODate()}$`))]);
  });
});
