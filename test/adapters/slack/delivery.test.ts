import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackSender, SlackDeliveryError } from '../../../src/adapters/slack/index.js';
import type { Reply } from '../../../src/core/reply.js';
import type { PlatformPort, SendResult } from '../../../src/notifier/port.js';
import { FakeSlack } from '../../support/fakes/fake-slack.js';

const alert: Reply = {
  title: 'sw0001 crossed $20.00',
  summary: 'sw0001 is now $21.50 (used)',
  tone: 'positive',
  blocks: [{ type: 'fields', fields: [{ label: 'Used', value: '$21.50' }] }],
  footer: 'Alert set by you',
};

/** The platform's send to a channel, as the notifier calls it. */
const toChannel =
  (sender: PlatformPort) =>
  (channel: string, reply: Reply): Promise<SendResult> =>
    sender.send({ kind: 'channel', id: channel, workspaceId: '' }, reply, { idempotencyKey: 'k' });

/** send is what a notifier calls: it must fail fast and say whether a retry can work. */
describe('Slack send', () => {
  const fake = new FakeSlack();
  let send: ReturnType<typeof toChannel>;

  beforeAll(async () => {
    await fake.start();
    send = toChannel(createSlackSender({ botToken: fake.token, apiUrl: fake.apiUrl }));
  });
  afterAll(() => fake.close());

  async function failure(p: Promise<unknown>): Promise<SlackDeliveryError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SlackDeliveryError);
    return err as SlackDeliveryError;
  }

  it('posts the rendered reply with chat.postMessage', async () => {
    const res = await send('C0ALERTS01', alert);
    const call = fake.callsTo('chat.postMessage').at(-1);
    expect(res).toEqual({ messageId: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(call?.params).toMatchObject({ channel: 'C0ALERTS01', text: 'sw0001 is now $21.50 (used)' });
    expect(JSON.stringify(call?.params.blocks)).toContain('Used\\n$21.50');
  });

  it('uploads the chart of a reply that has one', async () => {
    const data = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 9, 9]);
    await send('C0ALERTS01', { ...alert, image: { data, filename: 'alert.png', alt: 'chart' } });
    const upload = [...fake.uploads.values()].find((u) => u.filename === 'alert.png');
    expect(upload?.data?.equals(Buffer.from(data))).toBe(true);
    expect(upload?.completed?.channelId).toBe('C0ALERTS01');
  });

  it("429: retryable with Slack's Retry-After, and no retry of its own", async () => {
    const before = fake.callsTo('chat.postMessage').length;
    fake.fail('chat.postMessage', { kind: '429', retryAfterSec: 7 });
    const err = await failure(send('C0ALERTS01', alert));
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  });

  it('5xx: retryable, with the status, after one attempt', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    fake.fail('chat.postMessage', { kind: '500' });
    const err = await failure(send('C0ALERTS01', alert));
    expect(err).toMatchObject({ retryable: true, status: 500 });
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  });

  it('ok:false: retryable only when Slack itself is in trouble', async () => {
    fake.fail('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    expect(await failure(send('C0GONE0001', alert))).toMatchObject({
      retryable: false,
      slackError: 'channel_not_found',
    });
    fake.fail('chat.postMessage', { kind: 'error', error: 'service_unavailable' });
    expect(await failure(send('C0ALERTS01', alert))).toMatchObject({
      retryable: true,
      slackError: 'service_unavailable',
    });
  });

  it('a bad token is not retryable, and the token is not in the error', async () => {
    const stranger = toChannel(createSlackSender({ botToken: 'xoxb-wrong-secret', apiUrl: fake.apiUrl }));
    const err = await failure(stranger('C0ALERTS01', alert));
    expect(err).toMatchObject({ retryable: false, slackError: 'invalid_auth' });
    expect(err.message).not.toContain('xoxb');
  });

  it('Slack unreachable: retryable', async () => {
    const port = await closedPort();
    const offline = toChannel(
      createSlackSender({ botToken: fake.token, apiUrl: `http://127.0.0.1:${port}/api/` }),
    );
    expect(await failure(offline('C0ALERTS01', alert))).toMatchObject({ retryable: true });
  });
});

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
