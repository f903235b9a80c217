/**
 * Replicas, proved: three `minifig start` processes on one database, Slack (single token) and
 * Discord over HTTP, with requests spread round-robin while the scheduled jobs, the notifier and
 * the digests run. Each replica talks to its own fake Slack, so every post can be traced to the
 * replica that made it. Midway, the replica delivering the alerts is stopped; the others pick up
 * what it had claimed. Every request is answered once, every scheduled run happens once per slot,
 * every alert and digest arrives once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTo, callsFor } from '../adapters/discord/harness.js';
import { ingestCrash, seedFigure, until } from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeDiscord, HTTP_RESPONSE, type RecordedCall } from '../support/fakes/fake-discord.js';
import {
  apiUser,
  OPTION,
  slashCommandInteraction,
  snowflake,
} from '../support/fakes/fake-discord-payloads.js';
import { FakeSlack } from '../support/fakes/fake-slack.js';
import { MINIFIG_BIN } from '../support/minifig-cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { SLACK_EVENTS, SlackE2E } from '../support/slack-e2e.js';

const FIGURE = 'sw0188';
const SECRET = 'replicas-signing-secret';
const TEAM = 'T0000TEAM1';
const NEVER = '0 0 1 1 *';
const DIGEST_EVERY_S = 4;
const SLACK_USERS = Array.from({ length: 12 }, (_, i) => `UMEMBER${String(i).padStart(3, '0')}`);
const DISCORD_USERS = Array.from({ length: 3 }, () => apiUser(snowflake(), 'collector'));
const ADMIN = 'UADMIN0001';
const DIGEST_CHANNELS = ['C0DIGEST01', 'C0DIGEST02'];

interface Replica {
  child: ChildProcess;
  output: string;
  port: number;
}

describe('three replicas on one database', { timeout: 300_000 }, () => {
  let db: TestDatabase;
  const slacks = [new FakeSlack(), new FakeSlack(), new FakeSlack()];
  let discord: FakeDiscord;
  const replicas: Replica[] = [];
  const guildId = snowflake();
  const discordChannel = snowflake();
  let next = 0;
  const pick = () => replicas.filter((r) => r.child.exitCode === null)[next++ % 3] as Replica;

  const sql = <T>(text: string, params: unknown[] = []) =>
    db.orm.em.fork().getConnection().execute<T[]>(text, params);
  const count = async (text: string, params: unknown[] = []) =>
    Number((await sql<{ n: string }>(text, params))[0]?.n ?? 0);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, FIGURE, new Date());
    discord = await new FakeDiscord().start();
    for (const slack of slacks) {
      await slack.start();
      slack.users.set(ADMIN, { name: 'admin', is_admin: true });
    }
    for (const slack of slacks) {
      const child = spawn('node', [MINIFIG_BIN, 'start', '--no-console'], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          LOG_LEVEL: 'warn',
          DATABASE_URL: db.url,
          PORT: '0',
          NOTIFY_POLL_MS: '300',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_MODE: 'http',
          DISCORD_PUBLIC_KEY: discord.publicKeyHex,
          SCHEDULE_BRICKLINK: NEVER,
          SCHEDULE_EBAY: NEVER,
          SCHEDULE_BRICKSET: NEVER,
          SCHEDULE_LEGO: NEVER,
          SCHEDULE_FX: NEVER,
          SCHEDULE_REFRESH_SNAPSHOTS: 'every 10 seconds',
          SCHEDULE_EVALUATE_ALERTS: 'every 5 seconds',
          SCHEDULE_DAILY_DIGEST: `every ${DIGEST_EVERY_S} seconds`,
        },
      });
      const replica: Replica = { child, output: '', port: 0 };
      child.stdout?.on('data', (d: Buffer) => {
        replica.output += d;
      });
      child.stderr?.on('data', (d: Buffer) => {
        replica.output += d;
      });
      replicas.push(replica);
    }
    for (const replica of replicas) {
      await until(() => /health at http:\/\/localhost:\d+/.test(replica.output), 120_000).catch(() => {
        throw new Error(`a replica did not start:\n${replica.output}`);
      });
      replica.port = Number(/health at http:\/\/localhost:(\d+)/.exec(replica.output)?.[1]);
    }
    // The refresh at start (one replica's) stores the headline the commands and alerts read.
    await until(async () => (await count('select count(*) as n from headline_prices')) > 0, 60_000);
  });

  afterAll(async () => {
    for (const { child } of replicas) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    for (const slack of slacks) await slack.close();
    await discord?.close();
    await db?.drop();
  });

  const allSlackCalls = (method: string) =>
    slacks.flatMap((s, i) => s.callsTo(method).map((c) => ({ ...c, replica: i })));

  let slashCommandsSent = 0;
  async function slash(user: string, text: string, channelId = 'C0PRICES01'): Promise<string> {
    slashCommandsSent++;
    const replica = new SlackE2E(
      slacks[0] as FakeSlack,
      `http://127.0.0.1:${pick().port}${SLACK_EVENTS}`,
      SECRET,
    );
    const answer = await replica.slash({ teamId: TEAM, userId: user, channelId }, text, 30_000);
    return JSON.stringify(answer.params);
  }

  async function discordCommand(
    user: ReturnType<typeof apiUser>,
    name: string,
    options: unknown[],
  ): Promise<{ id: string; token: string }> {
    const payload = slashCommandInteraction(
      discord.applicationId,
      { name, options: options as never },
      { guildId, channelId: discordChannel, user },
    );
    const posted = await discord.postInteraction(
      `http://127.0.0.1:${pick().port}/discord/interactions`,
      payload,
    );
    expect(posted.accepted).toBe(true);
    return { id: payload.id as string, token: payload.token as string };
  }

  it('answers every request once, delivers every alert and digest once, runs each slot once, and loses nothing when a replica stops', async () => {
    // 1. Requests round-robin: alerts for 12 Slack and 3 Discord users, prices, digest subscriptions.
    for (const user of SLACK_USERS) {
      expect(await slash(user, `alert add ${FIGURE} below 15`)).toMatch(/Alert #\d+ set/);
    }
    for (const channel of DIGEST_CHANNELS) {
      expect(await slash(ADMIN, `digest subscribe ${utcMinute()} UTC`, channel)).toMatch(/daily digest/);
    }
    for (let i = 0; i < 6; i++)
      expect(await slash(SLACK_USERS[i] as string, `price ${FIGURE}`)).toContain(FIGURE);
    const interactions: { id: string; token: string }[] = [];
    for (const user of DISCORD_USERS) {
      interactions.push(
        await discordCommand(user, 'alert', [
          {
            name: 'add',
            type: OPTION.SUB_COMMAND,
            options: [
              { name: 'figure', type: OPTION.STRING, value: FIGURE },
              { name: 'kind', type: OPTION.STRING, value: 'below' },
              { name: 'value', type: OPTION.STRING, value: '15' },
            ],
          },
        ]),
      );
      interactions.push(
        await discordCommand(user, 'price', [{ name: 'figure', type: OPTION.STRING, value: FIGURE }]),
      );
    }
    // The subscriptions count from an hour ago, so today's digest is due at once.
    await sql(`update channel_subscriptions set created_at = now() - interval '1 hour'`);

    // Every Discord interaction was answered once (the reply in the response, an edited reply or
    // an ephemeral follow-up), whichever replica received it.
    const answers = ['PATCH /webhooks/:app/:token/messages/@original', 'POST /webhooks/:app/:token'];
    const isAnswer = (c: RecordedCall) =>
      answers.includes(c.route) || (c.route === HTTP_RESPONSE && c.json?.type === 4);
    for (const i of interactions) {
      const answer = await answerTo(discord, i.token);
      expect(JSON.stringify(answer.json)).toMatch(/Alert #\d+ set|sw0188 ·/);
    }
    for (const i of interactions) {
      expect(callsFor(discord, i).filter(isAnswer)).toHaveLength(1);
    }
    // And every slash command once, at its own response_url, whichever replica took it.
    const responses = (slacks[0] as FakeSlack).callsTo('response');
    expect(responses).toHaveLength(slashCommandsSent);
    expect(new Set(responses.map((r) => r.id)).size).toBe(slashCommandsSent);

    // 2. Slack is slow to take messages, so the replica that claims the alerts is still sending
    // them when it is stopped.
    for (const slack of slacks) slack.slowDown('chat.postMessage', 3_000);
    expect(await ingestCrash(db.orm, FIGURE, new Date())).toBe(10);
    const dms = () =>
      allSlackCalls('chat.postMessage').filter((c) => SLACK_USERS.includes(String(c.params.channel)));
    await until(() => dms().length > 0, 60_000);
    const stopped = dms()[0]?.replica as number;
    const claimed = await count(`select count(*) as n from notifications where status = 'sending'`);
    const victim = replicas[stopped] as Replica;
    const exited = new Promise<number | null>((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // 3. Everything arrives, once.
    const total = SLACK_USERS.length + DISCORD_USERS.length + DIGEST_CHANNELS.length;
    await until(
      async () => (await count(`select count(*) as n from notifications where status = 'sent'`)) === total,
      120_000,
    ).catch(async (err) => {
      const rows = await sql(`select kind, platform, status, last_error from notifications order by id`);
      throw new Error(`${err}: ${JSON.stringify(rows)}`);
    });
    expect(claimed).toBeGreaterThan(0);
    for (const user of SLACK_USERS) {
      expect(
        dms().filter((c) => c.params.channel === user),
        user,
      ).toHaveLength(1);
    }
    // The stopped replica delivered some; the others delivered what it had claimed but not sent.
    const deliveredBy = new Set(dms().map((c) => c.replica));
    expect(deliveredBy.has(stopped)).toBe(true);
    expect(deliveredBy.size).toBeGreaterThan(1);
    for (const channel of DIGEST_CHANNELS) {
      const digests = allSlackCalls('chat.postMessage').filter(
        (c) => c.params.channel === channel && /Daily digest/.test(JSON.stringify(c.params)),
      );
      expect(digests, channel).toHaveLength(1);
    }
    for (const user of DISCORD_USERS) {
      const dm = discord.callsTo('POST /users/@me/channels').find((c) => c.json?.recipient_id === user.id);
      const dmChannel = (dm?.response as { id?: string } | undefined)?.id;
      const sent = discord
        .callsTo('POST /channels/:channel/messages')
        .filter((c) => c.params.channel === dmChannel && c.status === 200);
      expect(sent).toHaveLength(1);
    }
    expect(await count(`select count(*) as n from notifications where status <> 'sent'`)).toBe(0);

    // 4. Scheduled runs: one per slot across the replicas; after the stop, the others take the slots.
    const stoppedAt = new Date();
    const digestRuns = () => count(`select count(*) as n from job_runs where job = 'daily-digest'`);
    await until(async () => (await digestRuns()) >= 4, 90_000);
    await until(
      async () => (await count(`select count(*) as n from job_slots where claimed_at > ?`, [stoppedAt])) > 0,
      60_000,
    );
    // Three replicas each running every slot would make about three times as many runs as slots.
    // `worked`: only the runs that did the job; each replica's refresh at start, say, finds the
    // lock of the one that runs it and records a skip.
    const runsOf = async (job: string, worked = false) => {
      const runs = await sql<{ ms: string }>(
        `select extract(epoch from started_at) * 1000 as ms from job_runs
          where job = ? and (? = false or outcome <> 'skipped') order by started_at`,
        [job, worked],
      );
      const span = Number(runs.at(-1)?.ms) - Number(runs[0]?.ms);
      return { runs: runs.length, span };
    };
    const digest = await runsOf('daily-digest');
    expect(digest.runs).toBeLessThanOrEqual(digest.span / (DIGEST_EVERY_S * 1000) + 2);
    const slots = await count(`select count(*) as n from job_slots where job = 'daily-digest'`);
    expect(digest.runs).toBeLessThanOrEqual(slots);
    // The refresh also runs once at the first start; the evaluation also follows each refresh.
    const refresh = await runsOf('refresh-snapshots', true);
    expect(refresh.runs).toBeGreaterThan(1);
    expect(refresh.runs).toBeLessThanOrEqual(refresh.span / 10_000 + 3);
    const evaluate = await runsOf('evaluate-alerts', true);
    expect(evaluate.runs).toBeGreaterThan(1);
    expect(evaluate.runs).toBeLessThanOrEqual(evaluate.span / 5_000 + refresh.runs + 2);
    const lateClaimers = await sql<{ pid: number }>(
      `select distinct pid from job_slots where claimed_at > ?`,
      [stoppedAt],
    );
    expect(lateClaimers.map((c) => c.pid)).not.toContain(victim.child.pid);
    for (const replica of replicas) expect(replica.output).not.toMatch(/\n\s+at /);
  });
});

/** The current minute in UTC as HH:MM. */
function utcMinute(): string {
  return new Date().toISOString().slice(11, 16);
}
