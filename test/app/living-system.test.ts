/**
 * The service as it runs on its own: `minifig start` in a child process against fakes of every
 * price source and both chat platforms on 127.0.0.1, with schedules of a few seconds. The test
 * never runs a job or a refresh itself: it talks to the service only as Slack and Discord do, and
 * watches what the scheduled jobs, the follow-up refresh and evaluation, and the notifier do. The
 * market moves while it runs (new BrickLink sales at three times the price), and the test waits
 * for the service to notice, tell the people who asked, and show it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTo, embedOf, shown } from '../adapters/discord/harness.js';
import { until } from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeBrickLink, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { fakeBrickset } from '../support/fakes/fake-brickset.js';
import { FakeDiscord } from '../support/fakes/fake-discord.js';
import {
  apiUser,
  OPTION,
  slashCommandInteraction,
  snowflake,
} from '../support/fakes/fake-discord-payloads.js';
import { type FakeEbay, startFakeEbay } from '../support/fakes/fake-ebay.js';
import { fakeLego, productPage } from '../support/fakes/fake-lego.js';
import { FakeServer } from '../support/fakes/fake-server.js';
import { FakeSlack, type FakeSlackCall } from '../support/fakes/fake-slack.js';
import { MINIFIG_BIN } from '../support/minifig-cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { SlackE2E } from '../support/slack-e2e.js';

const DAY = 86_400_000;
const FIGURE = 'sw0002';
const CATALOGUE = [
  ['65', 'Star Wars / Star Wars Episode 4/5/6', 'sw0002', 'Boba Fett - Classic Grays', '2000', '4'],
  ['65', 'Star Wars / Star Wars Episode 4/5/6', 'sw0004', 'Darth Vader (Light Gray Head)', '1999', '4'],
  ['65', 'Star Wars / Star Wars Rogue One', 'sw0791', 'Jyn Erso', '2016', '4.2'],
  ['768', 'Super Heroes / Ultimate Spider-Man', 'sh0052', 'Dr. Doom', '2013', '3.96'],
];
const BRICKLINK_CREDENTIALS = {
  consumerKey: 'living-consumer-key',
  consumerSecret: 'living-consumer-secret',
  token: 'living-token',
  tokenSecret: 'living-token-secret',
};
const SLACK_SECRET = 'living-system-signing-secret';
const member = { teamId: 'T0000TEAM1', userId: 'UMEMBER001', channelId: 'C0PRICES01' };
const admin = { teamId: 'T0000TEAM1', userId: 'UADMIN0001', channelId: 'C0DIGEST01' };
const ECB_XML = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube><Cube time="${new Date().toISOString().slice(0, 10)}">
    <Cube currency="USD" rate="1.0842"/><Cube currency="GBP" rate="0.8411"/><Cube currency="JPY" rate="162.31"/>
  </Cube></Cube>
</gesmes:Envelope>`;

describe('the service left running on its own', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let bricklink: FakeBrickLink;
  let ebay: FakeEbay;
  let brickset: FakeServer;
  let lego: FakeServer;
  let ecb: FakeServer;
  const slack = new FakeSlack();
  let discord: FakeDiscord;
  let child: ChildProcess;
  let output = '';
  let slackUrl = '';
  const discordUser = apiUser(snowflake(), 'collector');
  const guildId = snowflake();
  const channelId = snowflake();

  const sql = <T>(text: string, params: unknown[] = []) =>
    db.orm.em.fork().getConnection().execute<T[]>(text, params);
  const count = async (text: string, params: unknown[] = []) =>
    Number((await sql<{ n: string }>(text, params))[0]?.n ?? 0);

  beforeAll(async () => {
    db = await createTestDatabase();
    const now = new Date();
    await sql(
      `insert into minifigures (set_number, name, theme, year_released, metadata)
       select c.no, c.name, split_part(c.category, ' / ', 1), c.year::int,
              jsonb_build_object('category_id', c.cat::int, 'category', c.category)
       from jsonb_to_recordset(?::jsonb) as c(cat text, category text, no text, name text, year text)`,
      [
        JSON.stringify(
          CATALOGUE.map(([cat, category, no, name, year]) => ({ cat, category, no, name, year })),
        ),
      ],
    );
    await sql(`update data_sources set metadata = ?::jsonb where name = 'LEGO'`, [
      JSON.stringify({ products: [{ path: '/en-us/product/boba-fett-minifigure-5001', item_no: 'sw0004' }] }),
    ]);

    bricklink = await startFakeBrickLink({ credentials: BRICKLINK_CREDENTIALS, now });
    // Two months of steady used sales at $30, two a day: a market with a clear headline.
    bricklink.addSales(
      FIGURE,
      'U',
      Array.from({ length: 120 }, (_, i) => ({
        price: 30,
        at: new Date(now.getTime() - (i / 2 + 0.25) * DAY),
      })),
    );
    ebay = await startFakeEbay({ clientId: 'living-ebay', clientSecret: 'living-ebay-secret', now });
    brickset = await fakeBrickset({
      apiKey: 'living-brickset',
      usedToday: 3,
      today: now.toISOString().slice(0, 10),
    }).start();
    lego = await fakeLego({
      '/en-us/product/boba-fett-minifigure-5001': productPage({
        name: 'Darth Vader Minifigure',
        sku: '5001',
        price: 7.99,
      }),
    }).start();
    ecb = await new FakeServer(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: ECB_XML,
    })).start();
    await slack.start();
    slack.users.set(admin.userId, { name: 'admin', is_admin: true });
    discord = await new FakeDiscord().start();

    child = spawn('node', [MINIFIG_BIN, 'start', '--no-console'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        PORT: '0',
        HTTP_TIMEOUT_MS: '5000',
        NOTIFY_POLL_MS: '500',
        BRICKLINK_API_URL: bricklink.url,
        BRICKLINK_CONSUMER_KEY: BRICKLINK_CREDENTIALS.consumerKey,
        BRICKLINK_CONSUMER_SECRET: BRICKLINK_CREDENTIALS.consumerSecret,
        BRICKLINK_TOKEN: BRICKLINK_CREDENTIALS.token,
        BRICKLINK_TOKEN_SECRET: BRICKLINK_CREDENTIALS.tokenSecret,
        BRICKLINK_REFRESH_WANTED: '3s',
        EBAY_API_URL: ebay.url,
        EBAY_CLIENT_ID: 'living-ebay',
        EBAY_CLIENT_SECRET: 'living-ebay-secret',
        BRICKSET_API_URL: brickset.url,
        BRICKSET_API_KEY: 'living-brickset',
        LEGO_URL: lego.url,
        ECB_URL: `${ecb.url}/stats/eurofxref/eurofxref-daily.xml`,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        SCHEDULE_BRICKLINK: 'every 4 seconds',
        SCHEDULE_EBAY: 'every 15 seconds',
        SCHEDULE_BRICKSET: 'every 20 seconds',
        SCHEDULE_LEGO: 'every 20 seconds',
        SCHEDULE_FX: 'every 20 seconds',
        SCHEDULE_REFRESH_SNAPSHOTS: 'every 30 seconds',
        SCHEDULE_EVALUATE_ALERTS: 'every 10 seconds',
        SCHEDULE_DAILY_DIGEST: 'every 5 seconds',
      },
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d;
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d;
    });
    // A service that exits at start (a missing job entry, say) fails the test at once, with its output.
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the service exited (${code}) at start:\n${output}`))),
    );
    exited.catch(() => {});
    const ready = until(() => /health at http:\/\/localhost:\d+/.test(output), 60_000).catch(() => {
      throw new Error(`the service did not start:\n${output}`);
    });
    await Promise.race([ready, exited]);
    const port = /health at http:\/\/localhost:(\d+)/.exec(output)?.[1];
    slackUrl = `http://127.0.0.1:${port}/slack/events`;
    await discord.gateway.waitForReady();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await Promise.all([bricklink?.close(), ebay?.close(), brickset?.close(), lego?.close(), ecb?.close()]);
    await slack.close();
    await discord?.close();
    await db?.drop();
  });

  async function slash(who: typeof member, text: string): Promise<string> {
    return slackText(await new SlackE2E(slack, slackUrl, SLACK_SECRET).slash(who, text, 20_000));
  }

  const dmsOnSlack = (pattern: RegExp) =>
    slack
      .callsTo('chat.postMessage')
      .filter((c) => c.params.channel === member.userId && pattern.test(slackText(c)));
  const digestsOnSlack = () =>
    slack
      .callsTo('chat.postMessage')
      .filter((c) => c.params.channel === admin.channelId && /Daily digest/.test(slackText(c)));
  const dmsOnDiscord = () => {
    const dm = discord
      .callsTo('POST /users/@me/channels')
      .find((c) => c.json?.recipient_id === discordUser.id);
    const dmChannel = (dm?.response as { id?: string } | undefined)?.id;
    return discord
      .callsTo('POST /channels/:channel/messages')
      .filter((c) => c.params.channel === dmChannel && c.status === 200);
  };

  it('ingests on schedule, refreshes after ingestion, alerts once on both platforms, sends the digest once at its time, and shows the move', async () => {
    // 0. A channel subscribes to the digest for the next full minute in UTC.
    const digestAt = nextMinute(new Date());
    const hhmm = digestAt.toISOString().slice(11, 16);
    expect(await slash(admin, `digest subscribe ${hhmm} UTC`)).toContain(hhmm);

    // 1. The scheduled jobs ingest, and the refresh that follows them stores snapshots and headlines.
    await until(async () => (await count(`select count(*) as n from price_listings`)) > 100, 60_000);
    // The refresh writes snapshots and headlines side by side, each in its own transaction.
    await until(async () => (await count(`select count(*) as n from headline_prices`)) > 0, 60_000);
    await until(async () => (await count(`select count(*) as n from price_snapshots`)) > 0, 60_000);
    for (const job of ['bricklink', 'ebay', 'refresh-snapshots']) {
      await until(
        async () =>
          (await count(`select count(*) as n from job_runs where job = ? and outcome = 'succeeded'`, [job])) >
          0,
        60_000,
      );
    }
    const before = await slash(member, `price ${FIGURE} used`);
    expect(before).toMatch(/Used\s+\$3\d\.\d\d/);

    // 2. Alerts over Slack and Discord.
    expect(await slash(member, `alert add ${FIGURE} above 60 used`)).toMatch(
      /Alert #\d+ set: sw0002 .* above \$60\.00/,
    );
    const interaction = slashCommandInteraction(
      discord.applicationId,
      {
        name: 'alert',
        options: [
          {
            name: 'add',
            type: OPTION.SUB_COMMAND,
            options: [
              { name: 'figure', type: OPTION.STRING, value: FIGURE },
              { name: 'kind', type: OPTION.STRING, value: 'above' },
              { name: 'value', type: OPTION.STRING, value: '60' },
              { name: 'condition', type: OPTION.STRING, value: 'used' },
            ],
          },
        ],
      },
      { guildId, channelId, user: discordUser },
    );
    discord.sendInteraction(interaction);
    const discordAnswer = await answerTo(discord, interaction.token as string);
    expect(shown(embedOf(discordAnswer.json).description)).toMatch(
      /Alert #\d+ set: sw0002 .* above \$60\.00/,
    );

    // Nothing has crossed yet: evaluations come and go without a message.
    await until(
      async () =>
        (await count(
          `select count(*) as n from job_runs where job = 'evaluate-alerts' and outcome = 'succeeded' and started_at > now() - interval '5 seconds'`,
        )) > 0,
      30_000,
    );
    expect(dmsOnSlack(/Alert/)).toHaveLength(0);
    expect(dmsOnDiscord()).toHaveLength(0);

    // 3. The market moves: a hundred used sales at $90 in the last seconds, all of them today (UTC),
    // so that near midnight the move does not spread over two days and cancel out in `movers 1d`.
    const moved = Date.now();
    const step = Math.max(1, Math.min(1000, Math.floor((moved % DAY) / 101)));
    bricklink.addSales(
      FIGURE,
      'U',
      Array.from({ length: 100 }, (_, i) => ({
        price: 90,
        at: new Date(moved - (i + 1) * step),
      })),
    );

    await until(() => dmsOnSlack(/sw0002/).length > 0, 90_000);
    await until(() => dmsOnDiscord().length > 0, 30_000);
    await until(() => digestsOnSlack().length > 0, 120_000);
    const digest = digestsOnSlack()[0] as FakeSlackCall;
    expect(digest.at.getTime()).toBeGreaterThanOrEqual(digestAt.getTime());

    // 4. Price and movers show the move.
    const after = await slash(member, `price ${FIGURE} used`);
    expect(after).toMatch(/Used\s+\$90\.00/);
    expect(after).toMatch(/7 days\s+\+\d{2,3}\.\d%/);
    expect(await slash(member, 'movers 1d')).toMatch(/sw0002/);

    // 5. Two more evaluation rounds and digest rounds: every message arrived exactly once.
    const settled = Date.now();
    await until(
      async () =>
        (await count(
          `select count(*) as n from job_runs where job = 'evaluate-alerts' and outcome = 'succeeded' and started_at > ?`,
          [new Date(settled)],
        )) >= 2,
      60_000,
    );
    expect(dmsOnSlack(/Alert: sw0002/)).toHaveLength(1);
    expect(dmsOnDiscord()).toHaveLength(1);
    expect(shown(embedOf(dmsOnDiscord()[0]?.json).title)).toMatch(/^Alert: sw0002/);
    expect(digestsOnSlack()).toHaveLength(1);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

/** The start of the next minute with at least 20 s to spare, so the subscription is made before it. */
function nextMinute(now: Date): Date {
  const next = new Date(Math.ceil((now.getTime() + 20_000) / 60_000) * 60_000);
  return next;
}

function slackText(call: FakeSlackCall): string {
  return JSON.stringify(call.params).replace(/\\n/g, '\n').replace(/\*/g, '');
}
