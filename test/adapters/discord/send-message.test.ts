/**
 * sendMessage against the fake Discord: channel and DM targets, the nonce that makes a retried
 * create safe, 429 with retry_after, 500s, and Discord's refusals as non-retryable errors.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRest } from '../../../src/adapters/discord/client.js';
import { discordNonce, sendMessage } from '../../../src/adapters/discord/send-message.js';
import { SourceError } from '../../../src/core/errors.js';
import type { Reply } from '../../../src/core/reply.js';
import { FakeDiscord } from '../../support/fakes/fake-discord.js';
import { embedOf } from './harness.js';

const CREATE = 'POST /channels/:channel/messages';
const alert: Reply = {
  title: 'sw0002 crossed $20.00',
  summary: 'sw0002 Boba Fett is now $21.50 (alert: above $20.00) @everyone',
  tone: 'positive',
  blocks: [{ type: 'text', text: 'New median $21.50' }],
};

let fake: FakeDiscord;
const rest = () => createRest({ token: fake.token, apiUrl: fake.apiUrl });
beforeEach(async () => {
  fake = await new FakeDiscord().start();
});
afterEach(() => fake.close());

describe('sendMessage', () => {
  it('posts to a channel: summary as push text, embed, nonce with enforce_nonce, no pings', async () => {
    const sent = await sendMessage(rest(), { channelId: '42' }, alert, { nonce: 'alert-7-2026-11-20' });
    const [call] = fake.callsTo(CREATE);
    expect(call?.params.channel).toBe('42');
    expect(call?.json).toMatchObject({
      content: 'sw0002 Boba Fett is now $21.50 (alert: above $20.00) @everyone',
      nonce: 'alert-7-2026-11-20',
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
    expect(embedOf(call?.json).title).toBe('sw0002 crossed $20.00');
    expect(sent).toEqual({ channelId: '42', messageId: fake.messages.channelMessages.get('42')?.[0]?.id });
  });

  it("opens the user's DM channel and posts there, with the chart as a file", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 7]);
    const reply: Reply = { ...alert, image: { data: png, filename: 'sw0002-30d.png', alt: 'chart' } };
    const sent = await sendMessage(rest(), { userId: '777' }, reply, { nonce: 'digest-1' });
    expect(fake.callsTo('POST /users/@me/channels')[0]?.json).toEqual({ recipient_id: '777' });
    const dm = fake.messages.dmChannels.get('777');
    expect(sent.channelId).toBe(dm);
    const [call] = fake.callsTo(CREATE);
    expect(call?.files.map((f) => [f.filename, f.data.equals(png)])).toEqual([['sw0002-30d.png', true]]);
    expect(call?.json?.attachments).toEqual([{ id: 0, filename: 'sw0002-30d.png', description: 'chart' }]);
    expect(fake.messages.channelMessages.get(dm ?? '')?.[0]?.attachments[0]?.filename).toBe('sw0002-30d.png');
  });

  it('waits out a 429 (retry_after) and posts once', async () => {
    fake.inject({ kind: '429', retryAfter: 0.25 }, { match: (c) => c.route === CREATE });
    const started = Date.now();
    await sendMessage(rest(), { channelId: '42' }, alert, { nonce: 'n-429' });
    expect(fake.callsTo(CREATE).map((c) => c.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(fake.messages.channelMessages.get('42')).toHaveLength(1);
  });

  it('a 500 after Discord created the message: the retry returns that message, not a second one', async () => {
    fake.inject({ kind: '500-after-processing' }, { match: (c) => c.route === CREATE });
    const sent = await sendMessage(rest(), { channelId: '42' }, alert, { nonce: 'n-500' });
    expect(fake.callsTo(CREATE).map((c) => c.status)).toEqual([500, 200]);
    const stored = fake.messages.channelMessages.get('42') ?? [];
    expect(stored.map((m) => m.id)).toEqual([sent.messageId]);
  });

  it('persistent 500s end in a retryable SourceError', async () => {
    fake.inject({ kind: '500' }, { times: 100, match: (c) => c.route === CREATE });
    const failure = sendMessage(rest(), { channelId: '42' }, alert, { nonce: 'n-down' });
    await expect(failure).rejects.toBeInstanceOf(SourceError);
    await expect(failure).rejects.toMatchObject({ retryable: true, status: 500 });
    expect(fake.messages.channelMessages.get('42')).toBeUndefined();
  });

  it('closed DMs and unknown channels are not retryable', async () => {
    fake.messages.closedDms.add('888');
    await expect(sendMessage(rest(), { userId: '888' }, alert, { nonce: 'x' })).rejects.toMatchObject({
      retryable: false,
      status: 403,
    });
    fake.messages.unknownChannels.add('404404');
    await expect(sendMessage(rest(), { channelId: '404404' }, alert, { nonce: 'y' })).rejects.toMatchObject({
      retryable: false,
      status: 404,
    });
  });

  it('a key longer than 25 characters becomes a stable 25-character nonce, so retries still dedupe', async () => {
    const key = 'notification:alert:0f8fad5b-d9cb-469f-a165-70867728950e:2026-11-20';
    const expected = createHash('sha256').update(key).digest('base64url').slice(0, 25);
    expect(discordNonce(key)).toBe(expected);
    const first = await sendMessage(rest(), { channelId: '42' }, alert, { nonce: key });
    const again = await sendMessage(rest(), { channelId: '42' }, alert, { nonce: key });
    expect(fake.callsTo(CREATE).map((c) => c.json?.nonce)).toEqual([expected, expected]);
    expect(again.messageId).toBe(first.messageId);
    expect(fake.messages.channelMessages.get('42')).toHaveLength(1);
  });
});
