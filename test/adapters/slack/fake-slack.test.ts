import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fakes/fake-slack.js';

/** The fake must answer the real @slack/web-api client the way Slack does, or the e2e tests prove nothing. */
describe('fake Slack Web API', () => {
  const fake = new FakeSlack();
  let client: webApi.WebClient;

  beforeAll(async () => {
    await fake.start();
    client = new webApi.WebClient(fake.token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterAll(() => fake.close());

  it('answers auth.test with the bot identity and refuses a wrong token', async () => {
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId, team_id: fake.teamId });
    const stranger = new webApi.WebClient('xoxb-wrong', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('records chat.postMessage with its decoded blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'plain_text', text: 'hello' } }];
    const res = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks });
    expect(res.ok).toBe(true);
    const call = fake.callsTo('chat.postMessage').at(-1);
    expect(call?.params).toMatchObject({ channel: 'C1', text: 'hi', blocks });
  });

  it('rejects messages that break Block Kit limits with invalid_blocks', async () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'plain_text', text: 'x'.repeat(n) } });
    const cases = [
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      [section(3001)],
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'plain_text', text: 'f' })) }],
      [{ type: 'section', fields: [{ type: 'plain_text', text: 'f'.repeat(2001) }] }],
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }],
      [{ type: 'actions', elements: [button('same'), button('same')] }],
    ];
    for (const blocks of cases) {
      await expect(client.chat.postMessage({ channel: 'C1', text: 't', blocks })).rejects.toMatchObject({
        data: { error: 'invalid_blocks' },
      });
    }
    // The same shapes at the limit are accepted.
    const atLimit = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      section(3000),
      {
        type: 'section',
        fields: Array.from({ length: 10 }, () => ({ type: 'plain_text', text: 'f'.repeat(2000) })),
      },
      { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(`a${i}`)) },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    expect(atLimit).toHaveLength(50);
    await expect(
      client.chat.postMessage({ channel: 'C1', text: 't', blocks: atLimit }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('takes a file through files.uploadV2: upload URL, bytes, completion in the channel', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);
    const res = await client.files.uploadV2({
      channel_id: 'C2',
      file: bytes,
      filename: 'chart.png',
      title: 'A chart',
      alt_text: 'price chart',
    });
    expect(res.ok).toBe(true);
    const upload = [...fake.uploads.values()].find((u) => u.filename === 'chart.png');
    expect(upload?.data?.equals(bytes)).toBe(true);
    expect(upload).toMatchObject({ length: bytes.length, altText: 'price chart' });
    expect(upload?.completed).toMatchObject({ channelId: 'C2', title: 'A chart' });
    expect(fake.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']),
    );
  });

  it('answers 429 with Retry-After, 500 and ok:false errors on demand, once each', async () => {
    fake.fail('chat.postMessage', { kind: '429', retryAfterSec: 7 });
    const limited = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect((limited as webApi.WebAPIRateLimitedError).retryAfter).toBe(7);

    fake.fail('chat.postMessage', { kind: '500' });
    const broken = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(webApi.WebAPIHTTPError);
    expect((broken as webApi.WebAPIHTTPError).statusCode).toBe(500);

    fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'not_in_channel' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('answers users.info with is_admin', async () => {
    fake.users.set('UADMIN0001', { name: 'boss', is_admin: true });
    await expect(client.users.info({ user: 'UADMIN0001' })).resolves.toMatchObject({
      user: { is_admin: true },
    });
    await expect(client.users.info({ user: 'UMEMBER001' })).resolves.toMatchObject({
      user: { is_admin: false },
    });
    await expect(client.users.info({ user: 'nobody' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('serves response URLs: records JSON posts and refuses invalid blocks with a 400', async () => {
    const url = fake.responseUrl();
    const ok = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ text: 'hello', response_type: 'in_channel' }),
    });
    expect(ok.status).toBe(200);
    expect(fake.callsTo('response').at(-1)?.params).toEqual({ text: 'hello', response_type: 'in_channel' });
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 't',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } }],
      }),
    });
    expect(bad.status).toBe(400);
  });
});

function button(actionId: string) {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'go' }, value: 'help' };
}
