/**
 * "Add to Slack" end to end: the real Bolt receiver with @slack/oauth's InstallProvider, the
 * PostgreSQL installation store, and a fake Slack that answers oauth.v2.access and the Web API per
 * workspace token. Two workspaces install; replies, alerts and digests each go out with their own
 * workspace's token; a rotating token is refreshed and re-stored; uninstalling stops a workspace.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { PostgresInstallationStore, uninstallWorkspace } from '../../src/adapters/slack/index.js';
import { TokenCipher } from '../../src/adapters/slack/oauth/token-cipher.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { Notifier } from '../../src/notifier/notifier.js';
import {
  ingestCrash,
  outboxStatus,
  runDigest,
  runEvaluation,
  seedFigure,
  until,
} from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import type { FakeSlack } from '../support/fakes/fake-slack.js';
import { type SlackAppE2E, startSlackE2E } from '../support/slack-e2e.js';

const TOKEN_KEY = randomBytes(32);
const A = { teamId: 'T0000TEAMA', userId: 'UMEMBERA01', channelId: 'C0PRICESA1' };
const B = { teamId: 'T0000TEAMB', userId: 'UADMINB001', channelId: 'C0DIGESTB1' };
const C = { teamId: 'T0000TEAMC', userId: 'UMEMBERC01', channelId: 'C0PRICESC1' };

describe('Slack installed in many workspaces', () => {
  let db: TestDatabase;
  let e2e: SlackAppE2E;
  let fake: FakeSlack;
  let base: string;
  let notifier: Notifier;
  const logs: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, 'sw0188', new Date());
    e2e = await startSlackE2E({
      dispatcher: createDispatcher({ commands, deps: createDepsFactory(db.orm), log }),
      prepare: (f) => void f.users.set(B.userId, { name: 'admin', is_admin: true }),
      slack: (f) => ({
        botToken: undefined,
        oauth: {
          clientId: f.clientId,
          clientSecret: f.clientSecret,
          stateSecret: 'oauth-e2e-state-secret',
          tokenKey: TOKEN_KEY,
        },
      }),
      start: {
        log,
        clientOptions: undefined,
        installationStore: new PostgresInstallationStore(db.orm, TOKEN_KEY),
        onUninstall: (workspace) => uninstallWorkspace(db.orm, log, workspace),
      },
    });
    ({ fake, base } = e2e);
    notifier = new Notifier({
      orm: db.orm,
      ports: { slack: e2e.slack },
      log,
      pollMs: 250,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 },
    });
    await notifier.start();
  });
  afterAll(async () => {
    await notifier?.stop();
    await e2e?.close();
    await db?.drop();
  });

  /** A person clicks "Add to Slack", approves on Slack's page, and is sent back with a code. */
  async function install(grant: { teamId: string; expiresInSec?: number }): Promise<Response> {
    const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get('location') ?? '');
    expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(consent.searchParams.get('client_id')).toBe(fake.clientId);
    expect(consent.searchParams.get('scope')).toContain('chat:write');
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const code = fake.approveInstall(grant);
    const state = consent.searchParams.get('state') ?? '';
    return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  const slash = (who: typeof A, text: string) => e2e.slash(who, text);
  const mention = (who: typeof A, text: string) => e2e.mention(who, text);

  function event(teamId: string, inner: Record<string, unknown>): string {
    return JSON.stringify({
      token: 'legacy',
      team_id: teamId,
      api_app_id: 'A0000APP01',
      type: 'event_callback',
      event_id: `Ev${randomBytes(4).toString('hex')}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { ...inner, event_ts: `${Math.floor(Date.now() / 1000)}.000100` },
    });
  }

  const storedRows = () =>
    db.orm.em
      .fork()
      .execute<{ install_key: string; installation: string }[]>(
        'select install_key, installation from slack_installations order by install_key',
      );

  it('installs into two workspaces, keeping each bot token encrypted', async () => {
    for (const who of [A, B]) {
      const done = await install({ teamId: who.teamId });
      expect(done.status).toBe(200);
      expect(await done.text()).toMatch(/Thank you/i);
    }
    const exchanges = fake.callsTo('oauth.v2.access');
    expect(exchanges).toHaveLength(2);
    const rows = await storedRows();
    expect(rows.map((r) => r.install_key)).toEqual([`T:${A.teamId}`, `T:${B.teamId}`]);
    for (const row of rows) {
      expect(row.installation).toMatch(/^v1:/);
      expect(row.installation).not.toContain('xoxb-');
      const plain = new TokenCipher(TOKEN_KEY).decrypt(row.installation, row.install_key);
      expect(plain).toContain('xoxb-');
    }
    // Another key, or a row moved onto another workspace, does not decrypt.
    const [first, second] = rows;
    expect(() =>
      new TokenCipher(randomBytes(32)).decrypt(first?.installation ?? '', first?.install_key ?? ''),
    ).toThrow();
    expect(() =>
      new TokenCipher(TOKEN_KEY).decrypt(first?.installation ?? '', second?.install_key ?? ''),
    ).toThrow();
  });

  it('refuses a redirect whose state was not issued by this app', async () => {
    const code = fake.approveInstall({ teamId: 'T0000EVIL1' });
    const res = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=forged`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await storedRows()).map((r) => r.install_key)).not.toContain('T:T0000EVIL1');
  });

  it('answers each workspace with its own token', async () => {
    const inA = await mention(A, 'help');
    const inB = await mention(B, 'help');
    expect(inA.teamId).toBe(A.teamId);
    expect(inB.teamId).toBe(B.teamId);
    expect(inA.headers.authorization).not.toBe(inB.headers.authorization);
    const answer = await slash(A, 'price sw0188');
    expect(String(answer.params.text)).toContain('sw0188');
  });

  it("delivers an alert and a digest with their own workspace's token", async () => {
    const set = await slash(A, 'alert add sw0188 below 15');
    expect(String(set.params.text)).toMatch(/Alert #\d+ set/);
    const subscribed = await slash(B, 'digest subscribe 08:00 UTC');
    expect(String(subscribed.params.text)).toMatch(/daily digest at 08:00/);

    expect(await ingestCrash(db.orm, 'sw0188', new Date())).toBe(10);
    expect((await runEvaluation(db.orm)).fired).toBe(1);
    const eight = DateTime.utc().plus({ days: 1 }).set({ hour: 8, minute: 1 });
    expect((await runDigest(db.orm, eight.toJSDate())).queued).toBe(1);
    await until(async () => (await outboxStatus(db.orm, 'alert')).join() === 'sent');
    await until(async () => (await outboxStatus(db.orm, 'digest')).join() === 'sent');

    const toUser = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === A.userId);
    const toChannel = fake
      .callsTo('chat.postMessage')
      .filter((c) => c.params.channel === B.channelId && String(c.params.text).startsWith('Daily digest'));
    expect(toUser.map((c) => c.teamId)).toEqual([A.teamId]);
    expect(toChannel.map((c) => c.teamId)).toEqual([B.teamId]);
  });

  it('refreshes a rotating token before it expires, and stores the new one', async () => {
    expect((await install({ teamId: C.teamId, expiresInSec: 3600 })).status).toBe(200);
    const [before] = (await storedRows()).filter((r) => r.install_key === `T:${C.teamId}`);
    const first = JSON.parse(new TokenCipher(TOKEN_KEY).decrypt(before?.installation ?? '', `T:${C.teamId}`));

    // Within two hours of expiry: the next use refreshes with oauth.v2.access first.
    const reply = await mention(C, 'help');
    const refresh = fake.callsTo('oauth.v2.access').filter((c) => c.params.grant_type === 'refresh_token');
    expect(refresh).toHaveLength(1);
    expect(refresh[0]?.params.refresh_token).toBe(first.bot.refreshToken);
    expect(reply.teamId).toBe(C.teamId);
    expect(reply.headers.authorization).not.toBe(`Bearer ${first.bot.token}`);
    // The old token no longer works at Slack; the new one is what the store now holds.
    expect(fake.tokens.has(first.bot.token)).toBe(false);
    const [after] = (await storedRows()).filter((r) => r.install_key === `T:${C.teamId}`);
    const second = JSON.parse(new TokenCipher(TOKEN_KEY).decrypt(after?.installation ?? '', `T:${C.teamId}`));
    expect(reply.headers.authorization).toBe(`Bearer ${second.bot.token}`);
  });

  it("uninstalling stops that workspace's alerts and digests, with a log line", async () => {
    const subscribed = await slash(A, 'alert add sw0188 above 1000');
    expect(String(subscribed.params.text)).toMatch(/Alert #\d+ set/);
    fake.revokeTokensOf(A.teamId);
    const res = await e2e.post(event(A.teamId, { type: 'app_uninstalled' }));
    expect(res.status).toBe(200);
    await until(async () => !(await storedRows()).some((r) => r.install_key === `T:${A.teamId}`));
    await until(() => logs.some((l) => l.includes('slack workspace removed the app')));
    const line = JSON.parse(logs.find((l) => l.includes('slack workspace removed the app')) ?? '{}');
    expect(line).toMatchObject({ teamId: A.teamId, reason: 'app_uninstalled', alertsStopped: 2 });
    const active = await db.orm.em.fork().execute<{ n: string }[]>(
      `select count(*) as n from alerts a join chat_users u on u.id = a.user_id
          where u.workspace_id = ? and a.removed_at is null`,
      [A.teamId],
    );
    expect(Number(active[0]?.n)).toBe(0);

    // tokens_revoked for B's bot: its digest subscription goes too.
    fake.revokeTokensOf(B.teamId);
    await e2e.post(event(B.teamId, { type: 'tokens_revoked', tokens: { bot: [fake.botUserId] } }));
    await until(async () => !(await storedRows()).some((r) => r.install_key === `T:${B.teamId}`));
    const subs = await db.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from channel_subscriptions where workspace_id = ?`, [
        B.teamId,
      ]);
    expect(Number(subs[0]?.n)).toBe(0);
    const eight = DateTime.utc().plus({ days: 3 }).set({ hour: 8, minute: 1 });
    expect((await runDigest(db.orm, eight.toJSDate())).queued).toBe(0);
    expect(logs.join('\n')).not.toContain('xoxb-');
  });

  it('a message still queued for an uninstalled workspace fails at once, not after retries', async () => {
    await db.orm.em.fork().execute(
      `insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
       values ('slack', ?, 'user', ?, 'alert', '{}'::jsonb, 'late-for-A')`,
      [A.teamId, A.userId],
    );
    await until(async () => {
      const [row] = await db.orm.em
        .fork()
        .execute<{ status: string }[]>(`select status from notifications where dedupe_key = 'late-for-A'`);
      return row?.status === 'failed';
    });
  });
});
