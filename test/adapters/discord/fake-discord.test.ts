/**
 * Self-tests of the fake Discord: the real discord.js client and REST manager, and a bare WebSocket,
 * must see the behaviour of the real service (login, heartbeats, interactions, errors, rate limits).
 */
import {
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  Routes,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient, createRest } from '../../../src/adapters/discord/client.js';
import { FakeDiscord } from '../../support/fakes/fake-discord.js';
import {
  CLOSE_AUTHENTICATION_FAILED,
  type GatewayFrame,
  OP,
} from '../../support/fakes/fake-discord-gateway.js';
import { slashCommandInteraction } from '../../support/fakes/fake-discord-payloads.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(opts: ConstructorParameters<typeof FakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await new FakeDiscord(opts).start();
  cleanups.push(() => fake.close());
  return fake;
}

async function loggedIn(fake: FakeDiscord): Promise<Client> {
  const client = createClient({ apiUrl: fake.apiUrl });
  cleanups.push(() => client.destroy());
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  await ready;
  return client;
}

function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

describe('fake Discord gateway', () => {
  it('lets the real discord.js client log in: GET /gateway/bot, HELLO, IDENTIFY, READY', async () => {
    const fake = await startFake();
    const client = await loggedIn(fake);

    const gatewayCalls = fake.callsTo('GET /gateway/bot');
    expect(gatewayCalls).toHaveLength(1);
    expect(gatewayCalls[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.gateway.identifies).toHaveLength(1);
    expect(fake.gateway.identifies[0]?.token).toBe(fake.token);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
  });

  it('acknowledges heartbeats, so discord.js measures a ping', async () => {
    const fake = await startFake({ heartbeatIntervalMs: 100 });
    const client = await loggedIn(fake);
    // discord.js's ping stays -1 until a HEARTBEAT_ACK answers one of its heartbeats.
    await expect.poll(() => client.ws.ping, { timeout: 5000 }).toBeGreaterThanOrEqual(0);
    expect(fake.gateway.received.some((f) => f.op === OP.HEARTBEAT)).toBe(true);
  });

  it('refuses a wrong token at REST (login fails) and at IDENTIFY (close 4004)', async () => {
    const fake = await startFake();
    const client = createClient({ apiUrl: fake.apiUrl });
    cleanups.push(() => client.destroy());
    await expect(client.login('not-the-token')).rejects.toThrow(/token/i);

    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const frames: GatewayFrame[] = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as GatewayFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    await expect.poll(() => frames[0]?.op).toBe(OP.HELLO);
    socket.send(JSON.stringify({ op: OP.HEARTBEAT, d: null }));
    await expect.poll(() => frames[1]?.op).toBe(OP.HEARTBEAT_ACK);
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ op: OP.IDENTIFY, d: { token: 'wrong', intents: 0, properties: {} } }));
    expect(await closed).toBe(CLOSE_AUTHENTICATION_FAILED);
  });
});

describe('fake Discord interactions', () => {
  it('delivers INTERACTION_CREATE that discord.js reads as a slash command with options', async () => {
    const fake = await startFake();
    const client = await loggedIn(fake);
    const received = nextInteraction(client);
    fake.sendInteraction(
      slashCommandInteraction(fake.applicationId, {
        name: 'history',
        options: [
          { name: 'figure', type: 3, value: 'sw0001' },
          { name: 'days', type: 4, value: 90 },
        ],
      }),
    );
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.commandName).toBe('history');
    expect(interaction.options.getString('figure')).toBe('sw0001');
    expect(interaction.options.getInteger('days')).toBe(90);
  });

  it('records a deferred reply and a multipart edit with its file, and keeps the message', async () => {
    const fake = await startFake();
    const client = await loggedIn(fake);
    const received = nextInteraction(client);
    const state = fake.sendInteraction(slashCommandInteraction(fake.applicationId, { name: 'ping' }));
    const interaction = (await received) as ChatInputCommandInteraction;
    await interaction.deferReply();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await interaction.editReply({ content: 'pong', files: [{ attachment: png, name: 'chart.png' }] });

    const [callback] = fake.callsTo('POST /interactions/:id/:token/callback');
    expect(callback?.json).toEqual({ type: 5, data: { flags: 0 } });
    const [edit] = fake.callsTo('PATCH /webhooks/:app/:token/messages/@original');
    expect(edit?.path).toContain('%40original');
    expect(edit?.json?.content).toBe('pong');
    expect(edit?.files).toHaveLength(1);
    expect(edit?.files[0]?.filename).toBe('chart.png');
    expect(edit?.files[0]?.data.equals(png)).toBe(true);
    const attachment = state.original?.attachments[0];
    expect(attachment?.filename).toBe('chart.png');
    expect(fake.messages.attachmentData.get(attachment?.id ?? '')?.equals(png)).toBe(true);
  });

  it('forgets an interaction not answered in time (10062) and refuses a second answer (40060)', async () => {
    const fake = await startFake({ interactionWindowMs: 50 });
    const client = await loggedIn(fake);

    const received = nextInteraction(client);
    fake.sendInteraction(slashCommandInteraction(fake.applicationId, { name: 'slow' }));
    const late = (await received) as ChatInputCommandInteraction;
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(late.deferReply()).rejects.toMatchObject({ code: 10062 });

    // A second fake with the normal 3-second window, so a loaded machine cannot turn 40060 into 10062.
    const patient = await startFake();
    const payload = slashCommandInteraction(patient.applicationId, { name: 'twice' });
    patient.messages.track(payload);
    const rest = createRest({ token: patient.token, apiUrl: patient.apiUrl });
    const route = Routes.interactionCallback(payload.id as string, payload.token as string);
    await rest.post(route, { body: { type: 5 }, auth: false });
    await expect(rest.post(route, { body: { type: 5 }, auth: false })).rejects.toMatchObject({ code: 40060 });
  });

  it('rejects what Discord rejects: 26 fields, over 6,000 embed characters, a sixth action row', async () => {
    const fake = await startFake();
    const rest = createRest({ token: fake.token, apiUrl: fake.apiUrl });
    const post = (body: unknown) => rest.post(Routes.channelMessages('123'), { body });
    const fields = (n: number, value = 'v') =>
      Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value }));
    const row = { type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'x' }] };

    await expect(post({ embeds: [{ fields: fields(25) }] })).resolves.toBeDefined();
    await expect(post({ embeds: [{ fields: fields(26) }] })).rejects.toMatchObject({ code: 50035 });
    // 5 × (2 + 1,000) characters fit; 6 × (2 + 1,000) = 6,012 is over the total.
    await expect(post({ embeds: [{ fields: fields(5, 'v'.repeat(1000)) }] })).resolves.toBeDefined();
    await expect(post({ embeds: [{ fields: fields(6, 'v'.repeat(1000)) }] })).rejects.toMatchObject({
      code: 50035,
    });
    await expect(post({ embeds: [{ fields: fields(1, 'v'.repeat(1025)) }] })).rejects.toMatchObject({
      code: 50035,
    });
    await expect(
      post({ embeds: [{ description: 'd'.repeat(4096), title: 't'.repeat(256) }] }),
    ).resolves.toBeDefined();
    await expect(
      post({
        embeds: [
          { description: 'd'.repeat(4096), title: 't'.repeat(256), footer: { text: 'f'.repeat(1649) } },
        ],
      }),
    ).rejects.toMatchObject({ code: 50035 });
    await expect(post({ embeds: [{ title: 'x' }], components: Array(5).fill(row) })).rejects.toMatchObject({
      code: 50035, // duplicate custom_id across rows
    });
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...row,
        components: [{ ...row.components[0], custom_id: `b${i}` }],
      }));
    await expect(post({ embeds: [{ title: 'x' }], components: rows(5) })).resolves.toBeDefined();
    await expect(post({ embeds: [{ title: 'x' }], components: rows(6) })).rejects.toMatchObject({
      code: 50035,
    });
  });
});

describe('fake Discord REST faults', () => {
  it('answers 429 with retry_after; discord.js waits and retries', async () => {
    const fake = await startFake();
    const rest = createRest({ token: fake.token, apiUrl: fake.apiUrl });
    fake.inject({ kind: '429', retryAfter: 0.2 });
    const started = Date.now();
    await rest.post(Routes.channelMessages('42'), { body: { content: 'hello' } });
    const calls = fake.callsTo('POST /channels/:channel/messages');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0]?.response).toMatchObject({ retry_after: 0.2, global: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('answers 500; with a nonce and enforce_nonce a retried create does not duplicate the message', async () => {
    const fake = await startFake();
    const rest = createRest({ token: fake.token, apiUrl: fake.apiUrl });
    fake.inject({ kind: '500-after-processing' });
    const body = { content: 'alert', nonce: 'n-1', enforce_nonce: true };
    const message = (await rest.post(Routes.channelMessages('42'), { body })) as { id: string };
    expect(fake.callsTo('POST /channels/:channel/messages').map((c) => c.status)).toEqual([500, 200]);
    expect(fake.messages.channelMessages.get('42')?.map((m) => m.id)).toEqual([message.id]);

    fake.inject({ kind: '500' }, { times: 10 });
    await expect(rest.post(Routes.channelMessages('42'), { body: { content: 'x' } })).rejects.toMatchObject({
      status: 500,
    });
  });

  it('checks the bot token and the route', async () => {
    const fake = await startFake();
    const wrong = createRest({ token: 'nope', apiUrl: fake.apiUrl });
    await expect(wrong.get(Routes.user('@me'))).rejects.toBeInstanceOf(DiscordAPIError);
    const rest = createRest({ token: fake.token, apiUrl: fake.apiUrl });
    await expect(rest.get(Routes.user('@me'))).resolves.toMatchObject({ id: fake.botUser.id });
    await expect(rest.get('/nowhere' as `/${string}`)).rejects.toMatchObject({ status: 404 });
  });
});
