import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlashCommand, slashCommandsFirst } from '../../../src/adapters/slack/slash-receiver.js';
import { postSigned, slackSignature, slashCommandBody } from '../../support/fakes/slack-requests.js';

const SECRET = 'slash-receiver-secret';
const who = { teamId: 'T1', userId: 'U1', channelId: 'C1' };
let server: Server | undefined;

/** The receiver on a real HTTP server; what it handed on, and to whom. */
async function serve() {
  const commands: SlashCommand[] = [];
  const passed: { body: string | undefined }[] = [];
  server = createServer(
    slashCommandsFirst({
      path: '/slack/events',
      signingSecret: SECRET,
      onCommand: (c) => commands.push(c),
      next: (req, res) => {
        passed.push({ body: (req as IncomingMessage & { rawBody?: Buffer }).rawBody?.toString() });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('bolt');
      },
    }),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return { url, commands, passed };
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('slashCommandsFirst', () => {
  it('acks a signed slash command with an empty 200, then hands it over', async () => {
    const { url, commands, passed } = await serve();
    const body = slashCommandBody({ ...who, text: 'price sw0001 &amp; more', responseUrl: 'http://x/r/1' });
    const res = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(commands).toEqual([
      {
        command: '/minifig',
        text: 'price sw0001 &amp; more',
        user_id: 'U1',
        team_id: 'T1',
        channel_id: 'C1',
        response_url: 'http://x/r/1',
      },
    ]);
    expect(passed).toEqual([]);
  });

  it.each([
    ['a wrong signature', { signature: 'v0=00' }],
    ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['a timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
  ])('refuses %s with 401 and runs nothing', async (_what, opts) => {
    const { url, commands, passed } = await serve();
    const body = slashCommandBody({ ...who, text: 'price sw0001', responseUrl: 'http://x/r/1' });
    const res = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded', opts);
    expect(res.status).toBe(401);
    expect(commands).toEqual([]);
    expect(passed).toEqual([]);
  });

  it('a signature made for another body is refused', async () => {
    const { url, commands } = await serve();
    const body = slashCommandBody({ ...who, text: 'price sw0001', responseUrl: 'http://x/r/1' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SECRET, timestamp, body.replace('sw0001', 'sw0002'));
    const res = await postSigned(url, SECRET, body, 'application/x-www-form-urlencoded', {
      timestamp,
      signature,
    });
    expect(res.status).toBe(401);
    expect(commands).toEqual([]);
  });

  it('passes buttons, ssl_check and JSON events on to Bolt with the body already read', async () => {
    const { url, commands, passed } = await serve();
    for (const [body, type] of [
      ['payload=%7B%22type%22%3A%22block_actions%22%7D', 'application/x-www-form-urlencoded'],
      ['ssl_check=1&token=x', 'application/x-www-form-urlencoded'],
      ['{"type":"url_verification","challenge":"c"}', 'application/json'],
    ] as const) {
      const res = await postSigned(url, SECRET, body, type);
      expect(await res.text()).toBe('bolt');
    }
    expect(commands).toEqual([]);
    // A JSON body is not read here: Bolt reads it itself.
    expect(passed.map((p) => p.body)).toEqual([
      'payload=%7B%22type%22%3A%22block_actions%22%7D',
      'ssl_check=1&token=x',
      undefined,
    ]);
  });
});
