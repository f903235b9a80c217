/**
 * Discord over HTTP end to end: a fake Discord POSTs signed interactions to the real endpoint
 * (POST /discord/interactions on the service's HTTP server), takes the response body as Discord
 * does, and records the follow-ups that @discordjs/rest sends to its webhook routes. The real
 * dispatcher runs the real commands over in-memory services, as in the gateway tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTo, buttonsOf, callsFor, embedOf, shown } from '../adapters/discord/harness.js';
import { inMemoryDeps, starWarsFigures } from '../adapters/discord/in-memory-deps.js';
import { type DiscordHttpEndpoint, startDiscordHttpEndpoint } from '../support/discord-http-endpoint.js';
import { FakeDiscord, type Signing } from '../support/fakes/fake-discord.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  OPTION,
  slashCommandInteraction,
} from '../support/fakes/fake-discord-payloads.js';

let fake: FakeDiscord;
let endpoint: DiscordHttpEndpoint;
let url: string;

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  const memory = inMemoryDeps();
  endpoint = await startDiscordHttpEndpoint(fake, () => memory.deps);
  url = endpoint.url;
});
afterAll(async () => {
  await endpoint?.close();
  await fake?.close();
});

const ids = (payload: Record<string, unknown>) => ({
  id: payload.id as string,
  token: payload.token as string,
});

describe('Discord HTTP interactions', () => {
  it('answers PING with PONG', async () => {
    const posted = await fake.postInteraction(url, { id: '1', token: 'ping-token', type: 1, version: 1 });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ type: 1 });
  });

  it.each<Signing>(['none', 'wrong-key', 'stale', 'tampered'])(
    'refuses a request signed "%s" with a 401 and runs nothing',
    async (signing) => {
      const payload = slashCommandInteraction(fake.applicationId, {
        name: 'price',
        options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
      });
      const posted = await fake.postInteraction(url, payload, signing);
      expect(posted.status).toBe(401);
      expect(posted.accepted).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(callsFor(fake, ids(payload))).toEqual([]);
    },
  );

  it('a slash command is deferred in the response, then the reply is edited in over REST', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect(posted.body).toEqual({ type: 5 });
    expect(posted.accepted).toBe(true);
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      'PATCH /webhooks/:app/:token/messages/@original',
    ]);
    // The webhook needs no bot token: any replica can finish the interaction.
    expect(answer.headers.authorization).toBeUndefined();
    expect(shown(embedOf(answer.json).title)).toMatch(/^sw0002 · /);
  });

  it('a command that only answers the asker is deferred privately, then edited: nothing public', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'watch',
      options: [{ name: 'list', type: OPTION.SUB_COMMAND, options: [] }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect(posted.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(posted.accepted).toBe(true);
    await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      'PATCH /webhooks/:app/:token/messages/@original',
    ]);
    expect((fake.messages.interactions.get(payload.id as string)?.original?.flags ?? 0) & 64).toBe(64);
  });

  it('autocomplete answers with the choices in the response itself', async () => {
    const payload = autocompleteInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0', focused: true }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect(posted.accepted).toBe(true);
    const choices = (posted.body as { type: number; data: { choices: { value: string }[] } }).data.choices;
    expect((posted.body as { type: number }).type).toBe(8);
    expect(choices).toHaveLength(25);
    expect(choices.map((c) => c.value)).toEqual(
      starWarsFigures()
        .filter((f) => f.itemNo.startsWith('sw0'))
        .slice(0, 25)
        .map((f) => f.itemNo),
    );
  });

  it('a range button updates its message in place (deferred update, then the chart)', async () => {
    const history = slashCommandInteraction(fake.applicationId, {
      name: 'history',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0003' }],
    });
    await fake.postInteraction(url, history);
    await answerTo(fake, history.token as string);
    const message = fake.messages.interactions.get(history.id as string)?.original;
    if (!message) throw new Error('no reply stored');
    const button = buttonsOf(message).find((b) => b.label === '365 days');

    const click = buttonInteraction(fake.applicationId, button?.custom_id ?? '', message);
    const posted = await fake.postInteraction(url, click);
    expect(posted.body).toEqual({ type: 6 });
    const answer = await answerTo(fake, click.token as string);
    expect(answer.files.map((f) => f.filename)).toEqual(['sw0003-365d.png']);
    const updated = fake.messages.interactions.get(click.id as string)?.original;
    expect(updated?.id).toBe(message.id);
    expect(updated?.attachments.map((a) => a.filename)).toEqual(['sw0003-365d.png']);
  });

  it('an unknown figure gets an ephemeral error: placeholder deleted, ephemeral follow-up', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'zzqx-not-a-figure' }],
    });
    await fake.postInteraction(url, payload);
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      'DELETE /webhooks/:app/:token/messages/@original',
      'POST /webhooks/:app/:token',
    ]);
    expect(answer.json?.flags).toBe(64);
    expect(shown(embedOf(answer.json).description)).toContain('No figure matches "zzqx-not-a-figure"');
  });

  it('a button that is not ours is acknowledged and changes nothing', async () => {
    const click = buttonInteraction(fake.applicationId, 'someone-else:1', {
      id: '1',
      channel_id: '2',
      flags: 0,
    });
    const posted = await fake.postInteraction(url, click);
    expect(posted.body).toEqual({ type: 6 });
    await new Promise((r) => setTimeout(r, 100));
    expect(callsFor(fake, ids(click))).toEqual([]);
  });
});
