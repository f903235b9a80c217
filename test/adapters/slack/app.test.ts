import { createCanvas } from '@napi-rs/canvas';
import type { types } from '@slack/bolt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackHandle } from '../../../src/adapters/slack/index.js';
import { CHART_NOT_POSTED } from '../../../src/adapters/slack/reply.js';
import { defineCommand, opt } from '../../../src/core/command.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import { simpleReply } from '../../../src/core/reply.js';
import type { Deps } from '../../../src/deps.js';
import type { FakeSlack, FakeSlackCall } from '../../support/fakes/fake-slack.js';
import {
  blockActionsBody,
  mentionEventBody,
  postSigned,
  slashCommandBody,
} from '../../support/fakes/slack-requests.js';
import { type SlackAppE2E, startSlackE2E } from '../../support/slack-e2e.js';

/**
 * The real Bolt App on a local port, its Web API calls and response_urls going to the fake Slack,
 * and requests signed exactly as Slack signs them. The commands here are small test commands run
 * by the real dispatcher, so what is checked is the adapter: parsing, acking, rendering, delivery.
 */
const SECRET = 'test-signing-secret-0123456789abcdef';
const who = { teamId: 'T0000TEAM1', userId: 'UMEMBER001', channelId: 'C0PRICES01' };
const png = createCanvas(40, 20).toBuffer('image/png');

let release: () => void = () => {};
let started: () => void = () => {};
const running = new Promise<void>((resolve) => (started = resolve));
/** The slow command says it is running, then waits for the test to release it. */
const gate = () => {
  const finish = new Promise<void>((resolve) => (release = resolve));
  started();
  return finish;
};

const commands = [
  defineCommand({
    name: 'price',
    description: 'A price card',
    options: {
      figure: opt.string({ description: 'figure', required: true }),
      condition: opt.choice(['new', 'used'], { description: 'condition' }),
    },
    run: async ({ options }) => ({
      title: `Price of ${options.figure}`,
      summary: `Price of ${options.figure}`,
      tone: 'info',
      blocks: [
        {
          type: 'fields',
          fields: [
            { label: 'Figure', value: options.figure },
            { label: 'Condition', value: options.condition ?? 'any' },
          ],
        },
        {
          type: 'actions',
          buttons: [
            {
              label: 'Used only',
              invocation: { command: 'price', options: { figure: options.figure, condition: 'used' } },
            },
          ],
        },
      ],
      footer: 'test footer',
    }),
  }),
  defineCommand({
    name: 'history',
    description: 'A chart',
    options: {
      figure: opt.string({ description: 'figure', required: true }),
      days: opt.integer({ description: 'days', min: 1, max: 365, default: 30 }),
    },
    run: async ({ options }) => ({
      summary: `${options.figure} over ${options.days} days`,
      blocks: [{ type: 'text', text: `${options.figure} over ${options.days} days` }],
      image: {
        data: png,
        filename: `${options.figure}-${options.days}d.png`,
        alt: `${options.figure} price history`,
      },
    }),
  }),
  defineCommand({
    name: 'slow',
    description: 'Waits for the test to let it finish',
    run: async () => {
      await gate();
      return simpleReply('finally');
    },
  }),
  defineCommand({
    name: 'boom',
    description: 'A bug',
    run: async () => {
      throw new Error('password=hunter2 leaked from db.ts');
    },
  }),
  defineCommand({
    name: 'whoami',
    description: 'Echo the context',
    run: async ({ context }) =>
      simpleReply(
        `admin=${context.isAdmin} user=${context.userId} channel=${context.channelId} team=${context.workspaceId}`,
      ),
  }),
];

// The test commands use no services; any use of them is a bug in this test.
const unused = new Proxy(
  {},
  {
    get: () => {
      throw new Error('unused in this test');
    },
  },
);
const deps: Deps = {
  figures: unused,
  prices: unused,
  sources: unused,
  charts: unused,
  now: () => new Date(),
  demoData: false,
} as Deps;

describe('Slack adapter end to end (real Bolt App, fake Slack)', () => {
  let e2e: SlackAppE2E;
  let fake: FakeSlack;
  let slack: SlackHandle;
  let url: string;

  beforeAll(async () => {
    e2e = await startSlackE2E({
      secret: SECRET,
      slack: { adminUserIds: ['ULISTED001'] },
      dispatcher: createDispatcher({ commands, deps: () => deps, log: pino({ level: 'silent' }) }),
      prepare: (f) => void f.users.set('UWSADMIN01', { name: 'owner', is_admin: true }),
    });
    ({ fake, slack, url } = e2e);
  });
  afterAll(() => e2e?.close());

  /** Sends `/minifig <text>` and returns what arrived at its response_url. */
  const slash = (text: string, user = who.userId): Promise<FakeSlackCall> =>
    e2e.slash({ ...who, userId: user }, text);

  it('checked its token with auth.test at start and reports itself running', () => {
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    expect(slack.state()).toMatchObject({ status: 'running', botUserId: fake.botUserId });
  });

  it('slash command: parsed by the option specs, answered in the channel with Block Kit', async () => {
    const res = await slash('price sw0001 used');
    expect(res.params).toMatchObject({
      response_type: 'in_channel',
      replace_original: false,
      text: 'Price of sw0001',
    });
    const blocks = res.params.blocks as types.KnownBlock[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'ℹ️ Price of sw0001' } });
    const fields = blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])).map((f) => f.text);
    expect(fields).toEqual(['Figure\nsw0001', 'Condition\nused']);
    expect(blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: 'test footer' }] });
  });

  it('acks before the command finishes (the 3-second window never depends on the work)', async () => {
    const responseUrl = fake.responseUrl();
    const id = new URL(responseUrl).pathname.split('/')[3];
    const res = await postSigned(
      url,
      SECRET,
      slashCommandBody({ ...who, text: 'slow', responseUrl }),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    await running;
    expect(fake.callsTo('response').some((c) => c.id === id)).toBe(false);
    release();
    const answer = await fake.waitFor('response', (c) => c.id === id);
    expect(answer.params.text).toBe('finally');
  });

  it('mention: "@minifig price of sw0001" is answered in the channel', async () => {
    const body = mentionEventBody({
      ...who,
      botUserId: fake.botUserId,
      text: `<@${fake.botUserId}> price of sw0001`,
    });
    expect((await postSigned(url, SECRET, body, 'application/json')).status).toBe(200);
    const post = await fake.waitFor('chat.postMessage', (c) => c.params.text === 'Price of sw0001');
    expect(post.params.channel).toBe(who.channelId);
    const fields = (post.params.blocks as types.KnownBlock[]).flatMap((b) =>
      b.type === 'section' ? (b.fields ?? []) : [],
    );
    expect(fields.map((f) => f.text)).toEqual(['Figure\nsw0001', 'Condition\nany']);
  });

  it('mention in a thread: "what\'s the price of sw0002 used?" answers in that thread', async () => {
    const body = mentionEventBody({
      ...who,
      botUserId: fake.botUserId,
      text: `<@${fake.botUserId}> what's the price of sw0002 used?`,
      threadTs: '1700000000.000100',
    });
    await postSigned(url, SECRET, body, 'application/json');
    const post = await fake.waitFor('chat.postMessage', (c) => c.params.text === 'Price of sw0002');
    expect(post.params.thread_ts).toBe('1700000000.000100');
    expect(JSON.stringify(post.params.blocks)).toContain('Condition\\nused');
  });

  it('button: clicking the rendered button runs the command it carries', async () => {
    const first = await slash('price sw0003');
    const actions = (first.params.blocks as types.KnownBlock[]).find(
      (b): b is types.ActionsBlock => b.type === 'actions',
    );
    const button = actions?.elements[0] as types.Button;
    expect(button.text.text).toBe('Used only');
    const responseUrl = fake.responseUrl();
    const id = new URL(responseUrl).pathname.split('/')[3];
    const click = blockActionsBody({
      ...who,
      responseUrl,
      button: { action_id: button.action_id ?? '', value: button.value ?? '', text: button.text },
    });
    expect((await postSigned(url, SECRET, click, 'application/x-www-form-urlencoded')).status).toBe(200);
    const answer = await fake.waitFor('response', (c) => c.id === id);
    const fields = (answer.params.blocks as types.KnownBlock[]).flatMap((b) =>
      b.type === 'section' ? (b.fields ?? []) : [],
    );
    expect(fields.map((f) => f.text)).toEqual(['Figure\nsw0003', 'Condition\nused']);
  });

  it('chart: the PNG goes up through files.uploadV2 into the same channel', async () => {
    const res = await slash('history sw0001 90');
    expect(res.params.text).toBe('sw0001 over 90 days');
    const complete = await fake.waitFor('files.completeUploadExternal');
    expect(complete.params.channel_id).toBe(who.channelId);
    const upload = [...fake.uploads.values()].find((u) => u.filename === 'sw0001-90d.png');
    expect(upload?.data?.equals(png)).toBe(true);
    expect(upload?.altText).toBe('sw0001 price history');
    expect(upload?.completed).toMatchObject({ channelId: who.channelId, title: 'sw0001 price history' });
  });

  it('chart: when Slack refuses the upload, the asker is told how to fix it', async () => {
    fake.fail('files.getUploadURLExternal', { kind: 'error', error: 'not_in_channel' });
    const responseUrl = fake.responseUrl();
    const id = new URL(responseUrl).pathname.split('/')[3];
    await postSigned(
      url,
      SECRET,
      slashCommandBody({ ...who, text: 'history sw0009', responseUrl }),
      'application/x-www-form-urlencoded',
    );
    const note = await fake.waitFor('response', (c) => c.id === id && c.params.text === CHART_NOT_POSTED);
    expect(note.params.response_type).toBe('ephemeral');
  });

  it('answers the URL verification challenge Slack sends when the event URL is saved', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'c4allenge-xyz', type: 'url_verification' });
    const res = await postSigned(url, SECRET, body, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('c4allenge-xyz');
  });

  it('refuses a bad signature and a stale timestamp with 401, and runs nothing', async () => {
    const before = fake.calls.length;
    const body = slashCommandBody({ ...who, text: 'price sw0001', responseUrl: fake.responseUrl() });
    const forged = await postSigned(url, 'not-the-secret', body, 'application/x-www-form-urlencoded');
    expect(forged.status).toBe(401);
    const tampered = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded', {
      signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000',
    });
    expect(tampered.status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded', {
      timestamp: sixMinutesAgo,
    });
    expect(stale.status).toBe(401);
    // Slack's rule is 5 minutes either way: a request dated in the future is refused too.
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    const ahead = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded', {
      timestamp: sixMinutesAhead,
    });
    expect(ahead.status).toBe(401);
    const fourMinutesAhead = Math.floor(Date.now() / 1000) + 4 * 60;
    const early = await postSigned(
      url,
      SECRET,
      slashCommandBody({ ...who, text: 'help', responseUrl: fake.responseUrl() }),
      'application/x-www-form-urlencoded',
      { timestamp: fourMinutesAhead },
    );
    expect(early.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const afterEarly = fake.calls.length;
    const unsigned = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    // Only the accepted `help` reached the app: its reply, and the admin check it makes the first
    // time it sees this user (when this test runs before the others).
    const byEarlyHelp = new Set(['response', 'users.info']);
    expect(fake.calls.slice(before).filter((c) => !byEarlyHelp.has(c.method))).toEqual([]);
    expect(fake.calls.slice(afterEarly)).toEqual([]);
  });

  describe('bad input never crashes and never shows a stack trace', () => {
    const cases: [string, RegExp][] = [
      ['boom', /^❌ Something went wrong \(ref [0-9a-f]{6}\)/],
      // Slack users type the slash command: the hint says so.
      ['nosuchcommand sw0001', /Unknown command "nosuchcommand"\. Type \/minifig help for the list\./],
      ['price', /price needs figure/],
      [`price ${'x'.repeat(6000)}`, /too long/],
      ['history sw0001 -5', /days/],
      ['history sw0001 99999999999999999999', /days/],
      ['price 🧱🦖 💥', /Price of/],
      ["price sw0001'; DROP TABLE minifigures; --", /Price of|Too many values/],
      ['', /help|Unknown/i],
    ];
    for (const [text, expected] of cases) {
      it(JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text), async () => {
        const res = await slash(text);
        const shown = JSON.stringify(res.params);
        expect(shown).not.toMatch(/hunter2|\bat .+\.(ts|js):\d+|Error:/);
        const firstText = (res.params.blocks as types.KnownBlock[])
          .map((b) =>
            b.type === 'section'
              ? (b.text?.text ?? b.fields?.[0]?.text)
              : b.type === 'header'
                ? b.text.text
                : '',
          )
          .join('\n');
        expect(firstText).toMatch(expected);
        if (!/Price of/.test(firstText)) expect(res.params.response_type).toBe('ephemeral');
      });
    }
  });

  it('a mention that fails is answered only to its author (chat.postEphemeral)', async () => {
    const body = mentionEventBody({ ...who, botUserId: fake.botUserId, text: `<@${fake.botUserId}> boom` });
    await postSigned(url, SECRET, body, 'application/json');
    const eph = await fake.waitFor('chat.postEphemeral', (c) =>
      String(c.params.text).includes('Something went wrong'),
    );
    expect(eph.params).toMatchObject({ channel: who.channelId, user: who.userId });
  });

  it('tells commands who is an admin: listed ids, workspace admins (users.info), nobody else', async () => {
    expect((await slash('whoami', 'ULISTED001')).params.text).toBe(
      `admin=true user=ULISTED001 channel=${who.channelId} team=${who.teamId}`,
    );
    expect((await slash('whoami', 'UWSADMIN01')).params.text).toMatch(/^admin=true /);
    expect((await slash('whoami', 'UMEMBER002')).params.text).toMatch(/^admin=false /);
    expect(fake.callsTo('users.info').map((c) => c.params.user)).not.toContain('ULISTED001');
  });
});
