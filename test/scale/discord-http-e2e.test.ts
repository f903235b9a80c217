/**
 * Discord over HTTP end to end: a fake Discord POSTs signed interactions to the real endpoint
 * (POST /discord/interactions on the service's HTTP server), takes the response body as Discord
 * does, and records the follow-ups that @discordjs/rest sends to its webhook routes. The real
 * dispatcher runs the real commands over in-memory services, as in the gateway tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertingStore } from '../../src/alerts/store.js';
import { UserError } from '../../src/core/errors.js';
import type { Deps } from '../../src/deps.js';
import { answerTo, buttonsOf, callsFor, embedOf, shown } from '../adapters/discord/harness.js';
import { inMemoryDeps, starWarsFigures } from '../adapters/discord/in-memory-deps.js';
import { type DiscordHttpEndpoint, startDiscordHttpEndpoint } from '../support/discord-http-endpoint.js';
import { FakeDiscord, HTTP_RESPONSE, type Signing } from '../support/fakes/fake-discord.js';
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

  it('a reply ready at once is the response itself: no placeholder, no call to REST', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect((posted.body as { type: number }).type).toBe(4);
    expect(posted.accepted).toBe(true);
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([HTTP_RESPONSE]);
    expect(answer.json?.flags).toBeUndefined();
    expect(shown(embedOf(answer.json).title)).toMatch(/^sw0002 · /);
  });

  it('a private answer ready at once is an ephemeral response: nothing public', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'watch',
      options: [{ name: 'list', type: OPTION.SUB_COMMAND, options: [] }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect(posted.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(posted.accepted).toBe(true);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([HTTP_RESPONSE]);
    expect(fake.messages.interactions.get(payload.id as string)?.original?.flags).toBe(64);
  });

  it('a chart ready at once is deferred (Discord takes no files in the response), then edited in', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'history',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
    });
    const posted = await fake.postInteraction(url, payload);
    expect(posted.body).toEqual({ type: 5 });
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      HTTP_RESPONSE,
      'PATCH /webhooks/:app/:token/messages/@original',
    ]);
    // The webhook needs no bot token: any replica can finish the interaction.
    expect(answer.headers.authorization).toBeUndefined();
    expect(answer.files.map((f) => f.filename)).toEqual(['sw0002-30d.png']);
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

  it('an unknown figure gets an ephemeral error in the response: the channel sees nothing', async () => {
    const payload = slashCommandInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'zzqx-not-a-figure' }],
    });
    await fake.postInteraction(url, payload);
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([HTTP_RESPONSE]);
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
    expect(callsFor(fake, ids(click)).map((c) => c.route)).toEqual([HTTP_RESPONSE]);
  });
});

describe('Discord HTTP interactions when replies are slow or the process is busy', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const memory = inMemoryDeps();
  const slowDeps: Deps = {
    ...memory.deps,
    prices: {
      ...memory.deps.prices,
      quote: async (figure, opts) => {
        await pause(400);
        if (figure.itemNo === 'sw0003') throw new UserError('No price for sw0003 right now.');
        return memory.deps.prices.quote(figure, opts);
      },
    },
    alerting: {
      alertsPerUser: 50,
      listAlerts: async () => {
        await pause(400);
        return [];
      },
      listWatch: async () => [],
    } as unknown as AlertingStore,
  };
  let slow: DiscordHttpEndpoint;
  let busy: DiscordHttpEndpoint;
  beforeAll(async () => {
    slow = await startDiscordHttpEndpoint(fake, () => slowDeps, { answerAtOnceMs: 100 });
    busy = await startDiscordHttpEndpoint(fake, () => slowDeps, { concurrency: 1 });
  });
  afterAll(async () => {
    await slow?.close();
    await busy?.close();
  });
  const price = (figure: string) =>
    slashCommandInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: figure }],
    });
  const listAlerts = () =>
    slashCommandInteraction(fake.applicationId, {
      name: 'alert',
      options: [{ name: 'list', type: OPTION.SUB_COMMAND, options: [] }],
    });

  it('a slow command is deferred in the response, then its reply is edited in over REST', async () => {
    const payload = price('sw0002');
    const posted = await fake.postInteraction(slow.url, payload);
    expect(posted.body).toEqual({ type: 5 });
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      HTTP_RESPONSE,
      'PATCH /webhooks/:app/:token/messages/@original',
    ]);
    expect(shown(embedOf(answer.json).title)).toMatch(/^sw0002 · /);
  });

  it('a slow private command is deferred privately: the channel never sees a placeholder', async () => {
    const payload = listAlerts();
    const posted = await fake.postInteraction(slow.url, payload);
    expect(posted.body).toEqual({ type: 5, data: { flags: 64 } });
    const answer = await answerTo(fake, payload.token as string);
    expect(shown(embedOf(answer.json).description)).toMatch(/no alerts/i);
    expect(fake.messages.interactions.get(payload.id as string)?.original?.flags).toBe(64);
  });

  it('an error found after a public deferral deletes the placeholder and answers ephemerally', async () => {
    const payload = price('sw0003');
    await fake.postInteraction(slow.url, payload);
    const answer = await answerTo(fake, payload.token as string);
    expect(callsFor(fake, ids(payload)).map((c) => c.route)).toEqual([
      HTTP_RESPONSE,
      'DELETE /webhooks/:app/:token/messages/@original',
      'POST /webhooks/:app/:token',
    ]);
    expect(answer.json?.flags).toBe(64);
    expect(shown(embedOf(answer.json).description)).toContain('No price for sw0003 right now.');
  });

  it('when every reply slot is taken, a command is deferred at once instead of waiting its turn', async () => {
    const first = price('sw0002');
    const firstPosted = fake.postInteraction(busy.url, first);
    await pause(50);
    // Fast on its own (answered in the response above), but it would wait behind the slow price.
    const second = slashCommandInteraction(fake.applicationId, {
      name: 'watch',
      options: [{ name: 'list', type: OPTION.SUB_COMMAND, options: [] }],
    });
    const posted = await fake.postInteraction(busy.url, second);
    expect(posted.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(((await firstPosted).body as { type: number }).type).toBe(4);
    const answer = await answerTo(fake, second.token as string);
    expect(shown(embedOf(answer.json).description)).toMatch(/watchlist is empty/i);
    expect(callsFor(fake, ids(second)).map((c) => c.route)).toEqual([
      HTTP_RESPONSE,
      'PATCH /webhooks/:app/:token/messages/@original',
    ]);
  });

  it('with more interactions on hand than twice its reply slots, a command is deferred at once', async () => {
    // Autocomplete takes no reply slot; two of them stuck on a slow search fill one slot's allowance.
    let arrived!: () => void;
    const bothArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let searches = 0;
    const stuckSearch: Deps = {
      ...memory.deps,
      figures: {
        ...memory.deps.figures,
        autocomplete: async (text, limit) => {
          if (++searches === 2) arrived();
          await released;
          return memory.deps.figures.autocomplete(text, limit);
        },
      },
    };
    const crowded = await startDiscordHttpEndpoint(fake, () => stuckSearch, { concurrency: 1 });
    try {
      const typing = () =>
        fake.postInteraction(
          crowded.url,
          autocompleteInteraction(fake.applicationId, {
            name: 'price',
            options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0', focused: true }],
          }),
        );
      const suggestions = [typing(), typing()];
      await bothArrived;
      // The reply slot is free and this price is answered at once on its own (see above), yet the
      // process has three interactions on hand.
      const command = price('sw0002');
      const posted = await fake.postInteraction(crowded.url, command);
      expect(posted.body).toEqual({ type: 5 });
      release();
      for (const s of await Promise.all(suggestions)) expect((s.body as { type: number }).type).toBe(8);
      const answer = await answerTo(fake, command.token as string);
      expect(shown(embedOf(answer.json).title)).toMatch(/^sw0002 · /);
    } finally {
      release();
      await crowded.close();
    }
  });
});
