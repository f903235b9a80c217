/**
 * A new chat platform is one folder plus one line: the fake one in test/support/fake-chat/ joins
 * the app's platform list here, and the whole app (startApp: migrations, main's dispatcher, the
 * notifier, the scheduler) serves it against the real database. People talk to it through main's
 * dispatcher, the database admits its name, and alerts and digests reach it through its `send`.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PLATFORMS } from '../../src/adapters/platforms.js';
import type { AppHandle } from '../../src/main.js';
import {
  ingestCrash,
  outboxStatus,
  runDigest,
  runEvaluationWhenFree,
  seedFigure,
  until,
} from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FAKE_CHAT, FakeChat } from '../support/fake-chat/platform.js';
import { startAppOn } from '../support/in-process-app.js';

const member = { userId: 'member-1', workspaceId: 'guild-1', channelId: 'prices' };
const moderator = { userId: 'mod-1', workspaceId: 'guild-1', channelId: 'digests', isAdmin: true };

describe('a chat platform added in one folder plus one line', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let app: AppHandle;
  const chat = new FakeChat();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, 'sw0188', new Date());
    app = await startAppOn(db, {}, { platforms: [...CHAT_PLATFORMS, chat.platform] });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('is registered, so the database admits its name, and still refuses one nobody registered', async () => {
    const registered = await db.orm.em
      .fork()
      .execute<{ name: string }[]>('select name from chat_platforms order by name');
    expect(registered.map((r) => r.name)).toEqual(['console', 'discord', FAKE_CHAT, 'slack']);
    await expect(
      db.orm.em.fork().execute(`insert into chat_users (platform, user_id) values ('test', 'u1')`),
    ).rejects.toThrow(/chat_users_platform_fkey/);
  });

  it('answers commands through main’s dispatcher, in its own words', async () => {
    expect(await chat.say(member, 'price sw0188')).toContain('Clone Trooper (Phase 2)');
    const help = await chat.say(member, 'help');
    expect(help).toContain('!help <command> explains one command');
    expect(await chat.say(member, 'digest subscribe 08:00 UTC')).toContain(
      'Only fake-chat moderators can subscribe a channel to the daily digest.',
    );
  });

  it('delivers an alert through its send when the price crosses', async () => {
    expect(await chat.say(member, 'alert add sw0188 below 15')).toMatch(/Alert #\d+ set/);
    await ingestCrash(db.orm, 'sw0188', new Date());
    await runEvaluationWhenFree(db.orm);
    await until(() => chat.inbox.length === 1);
    expect(chat.inbox[0]?.target).toEqual({ kind: 'user', id: member.userId, workspaceId: 'guild-1' });
    expect(chat.inbox[0]?.text).toContain('sw0188 Clone Trooper (Phase 2) (used) is at $10.00');
    // The platform has the message before the notifier records it as sent.
    await until(async () => (await outboxStatus(db.orm, 'alert')).join() === 'sent');
  });

  it('delivers the daily digest to the channel a moderator subscribed', async () => {
    expect(await chat.say(moderator, 'digest subscribe 08:00 UTC')).toMatch(/daily digest at 08:00 UTC/);
    const eight = DateTime.utc().plus({ days: 2 }).set({ hour: 8, minute: 2, second: 0 });
    expect((await runDigest(db.orm, eight.toJSDate())).queued).toBe(1);
    await until(() => chat.inbox.some((m) => m.target.kind === 'channel'));
    const digest = chat.inbox.find((m) => m.target.kind === 'channel');
    expect(digest?.target).toEqual({ kind: 'channel', id: 'digests', workspaceId: 'guild-1' });
    expect(digest?.text).toMatch(new RegExp(`^Daily digest · ${eight.toISODate()}`));
  });
});
