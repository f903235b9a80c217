import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../../src/adapters/slack/index.js';
import { defineCommand } from '../../../src/core/command.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import { simpleReply } from '../../../src/core/reply.js';
import type { Deps } from '../../../src/deps.js';
import { FakeSlack } from '../../support/fakes/fake-slack.js';
import { mentionEventBody, postSigned, slashCommandBody } from '../../support/fakes/slack-requests.js';

const SECRET = 'lifecycle-signing-secret';
const who = { teamId: 'T0000TEAM1', userId: 'UMEMBER001', channelId: 'C0PRICES01' };
const silent = pino({ level: 'silent' });

let release: () => void = () => {};
let started: () => void = () => {};
const running = new Promise<void>((resolve) => (started = resolve));
const commands = [
  defineCommand({
    name: 'slow',
    description: 'Finishes when the test says so',
    run: async () => {
      const finish = new Promise<void>((resolve) => (release = resolve));
      started();
      await finish;
      return simpleReply('done after all');
    },
  }),
  defineCommand({ name: 'ping', description: 'Pong', run: async () => simpleReply('pong') }),
];
const deps = { now: () => new Date(), demoData: false } as Deps;
const dispatcher = createDispatcher({ commands, deps: () => deps, log: silent });

describe('Slack adapter lifecycle', () => {
  const fake = new FakeSlack();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());

  const config = (botToken: string) => ({
    slack: { botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, adminUserIds: [] },
    httpPort: 0,
  });

  it('a bad bot token fails at start, naming the check and not the token', async () => {
    const err = await startSlack({ config: config('xoxb-not-valid'), dispatcher, log: silent }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/auth\.test failed \(invalid_auth\)/);
    expect((err as Error).message).not.toContain('xoxb-not-valid');
  });

  it('ignores an event Slack re-sends after a timeout, but answers other retries', async () => {
    fake.calls.length = 0;
    const slack = await startSlack({ config: config(fake.token), dispatcher, log: silent });
    try {
      const url = `http://127.0.0.1:${slack.port}/slack/events`;
      const retried = mentionEventBody({
        ...who,
        botUserId: fake.botUserId,
        text: `<@${fake.botUserId}> ping`,
      });
      const res = await postSigned(url, SECRET, retried, 'application/json', {
        retryNum: 1,
        retryReason: 'http_timeout',
      });
      expect(res.status).toBe(200);
      const fresh = mentionEventBody({
        ...who,
        botUserId: fake.botUserId,
        text: `<@${fake.botUserId}> ping`,
      });
      await postSigned(url, SECRET, fresh, 'application/json', { retryNum: 1, retryReason: 'http_error' });
      await fake.waitFor('chat.postMessage', (c) => c.params.text === 'pong');
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.callsTo('chat.postMessage').filter((c) => c.params.text === 'pong')).toHaveLength(1);
    } finally {
      await slack.stop();
    }
  });

  it('a reply to a person is retried after a 429 (honouring Retry-After) and after a 500', async () => {
    const slack = await startSlack({ config: config(fake.token), dispatcher, log: silent });
    try {
      const url = `http://127.0.0.1:${slack.port}/slack/events`;
      const before = fake.callsTo('chat.postMessage').length;
      fake.fail('chat.postMessage', { kind: '429', retryAfterSec: 1 });
      fake.fail('chat.postMessage', { kind: '500' });
      const body = mentionEventBody({ ...who, botUserId: fake.botUserId, text: `<@${fake.botUserId}> ping` });
      await postSigned(url, SECRET, body, 'application/json');
      const attempts = () => fake.callsTo('chat.postMessage').slice(before);
      await fake.waitFor('chat.postMessage', (c) => attempts().length === 3 && c === attempts()[2]);
      expect(attempts().map((c) => c.params.text)).toEqual(['pong', 'pong', 'pong']);
    } finally {
      await slack.stop();
    }
  });

  it('stop() lets a reply in progress finish, then closes the port', async () => {
    const slack = await startSlack({ config: config(fake.token), dispatcher, log: silent });
    const url = `http://127.0.0.1:${slack.port}/slack/events`;
    const responseUrl = fake.responseUrl();
    const id = new URL(responseUrl).pathname.split('/')[3];
    const ack = await postSigned(
      url,
      SECRET,
      slashCommandBody({ ...who, text: 'slow', responseUrl }),
      'application/x-www-form-urlencoded',
    );
    expect(ack.status).toBe(200);
    await running;

    const stopped = slack.stop();
    expect(slack.state().status).toBe('stopping');
    release();
    await stopped;
    expect(slack.state().status).toBe('stopped');
    expect(fake.callsTo('response').find((c) => c.id === id)?.params.text).toBe('done after all');
    await expect(fetch(url, { method: 'POST', body: '' })).rejects.toThrow();
  });
});
