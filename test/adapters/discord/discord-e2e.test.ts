/**
 * End to end: the real discord.js Client logs in to the fake Discord, which sends INTERACTION_CREATE
 * for slash commands, autocomplete and buttons; the real dispatcher runs the real commands over
 * in-memory services. Assertions are on what reaches the callback and webhook endpoints.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertingStore } from '../../../src/alerts/store.js';
import { money } from '../../../src/currency/format-money.js';
import { log } from '../../../src/log.js';
import { testRate } from '../../support/fake-rates.js';
import type { FakeDiscord } from '../../support/fakes/fake-discord.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  OPTION,
  slashCommandInteraction,
} from '../../support/fakes/fake-discord-payloads.js';
import {
  answerTo,
  buttonsOf,
  callsFor,
  choicesOf,
  embedOf,
  type Harness,
  shown,
  startHarness,
} from './harness.js';
import { headline, starWarsFigures } from './in-memory-deps.js';

const CALLBACK = 'POST /interactions/:id/:token/callback';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness;
let fake: FakeDiscord;
beforeAll(async () => {
  h = await startHarness();
  fake = h.fake;
});
afterAll(() => h?.close());

const figure = (itemNo: string) => {
  const found = starWarsFigures().find((f) => f.itemNo === itemNo);
  if (!found) throw new Error(`${itemNo} is not in the catalogue`);
  return found;
};

function slash(name: string, options: { name: string; type: number; value: string | number }[]) {
  const payload = slashCommandInteraction(fake.applicationId, { name, options });
  fake.sendInteraction(payload);
  return { id: payload.id as string, token: payload.token as string };
}

describe('Discord slash commands', () => {
  it('price: a quick answer is the reply itself, with the price card (no "thinking" placeholder)', async () => {
    const i = slash('price', [{ name: 'figure', type: OPTION.STRING, value: 'SW0002' }]);
    const answer = await answerTo(fake, i.token);
    const calls = callsFor(fake, i);
    expect(calls.map((c) => c.route)).toEqual([CALLBACK]);
    expect(calls[0]?.json?.type).toBe(4);
    expect(answer.json?.flags).toBeUndefined();

    const f = figure('sw0002');
    const embed = embedOf(answer.json);
    expect(shown(embed.title)).toBe(`sw0002 · ${f.name}`);
    expect(embed.thumbnail?.url).toBe('https://img.bricklink.com/ItemImage/MN/0/sw0002.png');
    const values = (embed.fields ?? []).map((x) => shown(x.value)).join('\n');
    expect(values).toContain(`$${(headline(f) * 2).toFixed(2)}`);
    expect(values).toContain(`$${headline(f).toFixed(2)}`);
    expect(answer.files).toHaveLength(0);
  });

  it('set: a set with known figures answers with its part-out value; one being fetched and an unknown one say so', async () => {
    const i = slash('set', [{ name: 'set', type: OPTION.STRING, value: '75192' }]);
    const embed = embedOf((await answerTo(fake, i.token)).json);
    expect(shown(embed.title)).toBe('75192-1 · Millennium Falcon - UCS {2nd edition}');
    expect(embed.thumbnail?.url).toBe('https://img.bricklink.com/ItemImage/SN/0/75192-1.png');
    // New prices (twice the headline here): 1 × sw0002, 2 × sw0004, 1 × sw0001a; sw9999 is unknown.
    const cents = (itemNo: string) => Math.round(headline(figure(itemNo)) * 2 * 100);
    const value = (cents('sw0002') + 2 * cents('sw0004') + cents('sw0001a')) / 100;
    const fields = Object.fromEntries((embed.fields ?? []).map((x) => [shown(x.name), shown(x.value)]));
    expect(fields['Part-out value (new)']).toBe(`$${value.toFixed(2)}`);
    expect(fields.Coverage).toBe('4 of 5 figures priced');
    expect(fields['Ratio to retail']).toBe(`${(value / 849.99).toFixed(2)}× US retail`);

    // The currency option: each row converted and rounded as shown, the part-out value their sum.
    for (const [code, digits] of [
      ['EUR', 2],
      ['GBP', 2],
      ['JPY', 0],
    ] as const) {
      const inCurrency = slash('set', [
        { name: 'set', type: OPTION.STRING, value: '75192' },
        { name: 'currency', type: OPTION.STRING, value: code },
      ]);
      const converted = embedOf((await answerTo(fake, inCurrency.token)).json);
      const rate = testRate(code, '2026-11-20');
      const scale = 10 ** digits;
      const row = (itemNo: string) => Math.round(headline(figure(itemNo)) * 2 * rate * scale);
      const units = row('sw0002') + 2 * row('sw0004') + row('sw0001a');
      const convertedFields = Object.fromEntries(
        (converted.fields ?? []).map((x) => [shown(x.name), shown(x.value)]),
      );
      expect(convertedFields['Part-out value (new)']).toBe(money(units / scale, code));
      expect(shown(converted.footer?.text)).toContain(`${code}, converted from USD at `);
    }

    const pending = slash('set', [{ name: 'set', type: OPTION.STRING, value: '10188' }]);
    const pendingEmbed = embedOf((await answerTo(fake, pending.token)).json);
    expect(shown(pendingEmbed.description)).toContain(
      'Inventory being fetched from BrickLink, try again in a few minutes.',
    );

    const unknown = slash('set', [{ name: 'set', type: OPTION.STRING, value: '99999' }]);
    const unknownAnswer = await answerTo(fake, unknown.token);
    expect(unknownAnswer.json?.flags).toBe(64);
    expect(shown(embedOf(unknownAnswer.json).description)).toContain('No set 99999 in the catalogue.');
  });

  it('history: the chart arrives as a multipart PNG attachment shown in the embed, with range buttons', async () => {
    const i = slash('history', [
      { name: 'figure', type: OPTION.STRING, value: 'sw0002' },
      { name: 'days', type: OPTION.INTEGER, value: 90 },
    ]);
    const answer = await answerTo(fake, i.token);
    expect(answer.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(answer.files).toHaveLength(1);
    const file = answer.files[0];
    expect(file?.filename).toBe('sw0002-90d.png');
    expect(file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file?.data.equals(Buffer.from(h.charts.at(-1) as Uint8Array))).toBe(true);
    expect(embedOf(answer.json).image?.url).toBe('attachment://sw0002-90d.png');
    expect(answer.json?.attachments).toEqual([{ id: '0', description: expect.stringContaining('sw0002') }]);

    expect(buttonsOf(answer.json).map((b) => b.label)).toEqual(['7 days', '30 days', '365 days']);
  });

  it('a range button updates the chart message in place and drops the old chart', async () => {
    const i = slash('history', [{ name: 'figure', type: OPTION.STRING, value: 'sw0003' }]);
    await answerTo(fake, i.token);
    const message = fake.messages.interactions.get(i.id)?.original;
    if (!message) throw new Error('no reply stored');
    expect(message.attachments.map((a) => a.filename)).toEqual(['sw0003-30d.png']);
    const button = buttonsOf(message).find((b) => b.label === '365 days');

    const click = buttonInteraction(fake.applicationId, button?.custom_id ?? '', message);
    fake.sendInteraction(click);
    const answer = await answerTo(fake, click.token as string);
    expect(callsFor(fake, { id: click.id as string, token: click.token as string })[0]?.json).toEqual({
      type: 6,
    });
    expect(answer.files.map((f) => f.filename)).toEqual(['sw0003-365d.png']);
    const updated = fake.messages.interactions.get(click.id as string)?.original;
    expect(updated?.id).toBe(message.id);
    expect(updated?.attachments.map((a) => a.filename)).toEqual(['sw0003-365d.png']);
  });

  it('an unknown figure gets an ephemeral "did you mean"-style error, no public message, no stack trace', async () => {
    const i = slash('price', [{ name: 'figure', type: OPTION.STRING, value: 'zzqx-not-a-figure' }]);
    const answer = await answerTo(fake, i.token);
    // One ephemeral callback: the channel never sees a placeholder.
    const routes = callsFor(fake, i).map((c) => c.route);
    expect(routes).toEqual([CALLBACK]);
    expect(answer.json?.flags).toBe(64);
    const text = shown(embedOf(answer.json).description);
    expect(text).toContain('No figure matches "zzqx-not-a-figure"');
    expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules/);
  });

  it('never crashes or leaks on bad input: 6,000 characters, emoji, SQL, absurd days', async () => {
    const inputs: { name: string; options: { name: string; type: number; value: string | number }[] }[] = [
      { name: 'price', options: [{ name: 'figure', type: OPTION.STRING, value: 'x'.repeat(6000) }] },
      { name: 'price', options: [{ name: 'figure', type: OPTION.STRING, value: '🧱🦖 **vader** <@123>' }] },
      {
        name: 'price',
        options: [{ name: 'figure', type: OPTION.STRING, value: "'; DROP TABLE minifigures; --" }],
      },
      {
        name: 'history',
        options: [
          { name: 'figure', type: OPTION.STRING, value: 'sw0001' },
          { name: 'days', type: OPTION.INTEGER, value: -5 },
        ],
      },
      { name: 'price', options: [] },
      { name: 'no-such-command', options: [] },
    ];
    for (const input of inputs) {
      const i = slash(input.name, input.options);
      const answer = await answerTo(fake, i.token);
      expect(answer.json?.flags, input.name).toBe(64);
      const text = shown(embedOf(answer.json).description);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/\bat .+:\d+:\d+|TypeError|node_modules/);
    }
    expect(h.adapter.state()).toBe('ready');
  });
});

describe('Discord autocomplete', () => {
  it('answers with at most 25 figure choices labelled "sw0002 · Name (year)"', async () => {
    const payload = autocompleteInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0', focused: true }],
    });
    fake.sendInteraction(payload);
    const answer = await fake.waitForCall((c) => c.params.id === payload.id && c.status < 300);
    expect(answer.json?.type).toBe(8);
    const expected = starWarsFigures()
      .filter((f) => f.itemNo.startsWith('sw0'))
      .slice(0, 25)
      .map((f) => ({
        name: `${f.itemNo} · ${f.name}${f.year === null ? '' : ` (${f.year})`}`,
        value: f.itemNo,
      }));
    expect(starWarsFigures().filter((f) => f.itemNo.startsWith('sw0')).length).toBeGreaterThan(25);
    expect(choicesOf(answer)).toEqual(expected);
  });

  it('offers choices by name too, and nothing (not an error) for gibberish', async () => {
    const byName = autocompleteInteraction(fake.applicationId, {
      name: 'history',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'boba', focused: true }],
    });
    fake.sendInteraction(byName);
    const answer = await fake.waitForCall((c) => c.params.id === byName.id && c.status < 300);
    const choices = choicesOf(answer);
    const expected = starWarsFigures().filter((f) => f.name.toLowerCase().includes('boba'));
    expect(choices.map((c) => c.value)).toEqual(expected.slice(0, 25).map((f) => f.itemNo));

    const gibberish = autocompleteInteraction(fake.applicationId, {
      name: 'price',
      options: [{ name: 'figure', type: OPTION.STRING, value: 'qqqqzzzz', focused: true }],
    });
    fake.sendInteraction(gibberish);
    const none = await fake.waitForCall((c) => c.params.id === gibberish.id && c.status < 300);
    expect(none.json).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe('Discord flow details', () => {
  it('a suggestion button on an ephemeral error answers with a new public reply', async () => {
    const i = slash('price', [{ name: 'figure', type: OPTION.STRING, value: 'boba fett' }]);
    const error = await answerTo(fake, i.token);
    expect(error.json?.flags).toBe(64);
    const suggestion = buttonsOf(error.json)[0];
    expect(suggestion).toBeDefined();
    const stored = fake.messages.interactions.get(i.id)?.original;
    if (!stored || !suggestion) throw new Error('no ephemeral reply stored');

    const click = buttonInteraction(fake.applicationId, suggestion.custom_id, stored);
    fake.sendInteraction(click);
    const answer = await answerTo(fake, click.token as string);
    const calls = callsFor(fake, { id: click.id as string, token: click.token as string });
    expect(calls.map((c) => c.json?.type)).toEqual([4]);
    expect(answer.json?.flags).toBeUndefined();
    expect(shown(embedOf(answer.json).title)).toBe(`${suggestion.label} · ${figure(suggestion.label).name}`);
  });

  it('ignores buttons that are not ours', async () => {
    const i = slash('history', [{ name: 'figure', type: OPTION.STRING, value: 'sw0004' }]);
    await answerTo(fake, i.token);
    const message = fake.messages.interactions.get(i.id)?.original;
    if (!message) throw new Error('no reply stored');
    const click = buttonInteraction(fake.applicationId, 'someone-else:thing', message);
    fake.sendInteraction(click);
    const marker = slash('price', [{ name: 'figure', type: OPTION.STRING, value: 'sw0005' }]);
    await answerTo(fake, marker.token);
    expect(callsFor(fake, { id: click.id as string, token: click.token as string })).toEqual([]);
  });
});

describe('Discord adapter with slow or failing services', () => {
  it('defers a slow command in time, so one slower than the 3-second window still answers', async () => {
    // The fake's window is shortened to 1 s; the price lookup takes 1.5 s; replies not ready in 0.2 s are deferred.
    const slow = await startHarness({
      fake: { interactionWindowMs: 1000 },
      answerAtOnceMs: 200,
      deps: {
        prices: {
          ...(await import('./in-memory-deps.js')).inMemoryDeps().deps.prices,
          quote: async (f) => {
            await new Promise((resolve) => setTimeout(resolve, 1500));
            return { figure: f, conditions: [], asOf: null, sources: [] };
          },
        },
      },
    });
    try {
      const payload = slashCommandInteraction(slow.fake.applicationId, {
        name: 'price',
        options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
      });
      slow.fake.sendInteraction(payload);
      const answer = await answerTo(slow.fake, payload.token as string);
      const [callback] = callsFor(slow.fake, { id: payload.id as string, token: payload.token as string });
      expect(callback?.status).toBe(204);
      expect(callback?.json).toEqual({ type: 5, data: { flags: 0 } });
      expect(shown(embedOf(answer.json).description)).toContain('no price yet');
    } finally {
      await slow.close();
    }
  });

  it('defers a slow private command ephemerally: the channel never sees a placeholder', async () => {
    const slow = await startHarness({
      answerAtOnceMs: 100,
      deps: {
        alerting: {
          alertsPerUser: 50,
          listAlerts: async () => {
            await new Promise((resolve) => setTimeout(resolve, 400));
            return [];
          },
        } as unknown as AlertingStore,
      },
    });
    try {
      const payload = slashCommandInteraction(slow.fake.applicationId, {
        name: 'alert',
        options: [{ name: 'list', type: 1, options: [] }],
      });
      slow.fake.sendInteraction(payload);
      const answer = await answerTo(slow.fake, payload.token as string);
      const calls = callsFor(slow.fake, { id: payload.id as string, token: payload.token as string });
      expect(calls.map((c) => c.route)).toEqual([CALLBACK, 'PATCH /webhooks/:app/:token/messages/@original']);
      expect(calls[0]?.json).toEqual({ type: 5, data: { flags: 64 } });
      expect(slow.fake.messages.interactions.get(payload.id as string)?.original?.flags).toBe(64);
      expect(shown(embedOf(answer.json).description)).toMatch(/no alerts/i);
    } finally {
      await slow.close();
    }
  });

  it('a bug shows only a reference id; the log has the details, the chat does not', async () => {
    const broken = await startHarness({
      deps: {
        demoData: true,
        sources: {
          status: async () => {
            throw new Error('connect ECONNREFUSED password=hunter2');
          },
        },
      },
    });
    // describeForUser logs bugs on the root logger.
    const logged = vi.spyOn(log, 'error');
    try {
      const payload = slashCommandInteraction(broken.fake.applicationId, { name: 'sources' });
      broken.fake.sendInteraction(payload);
      const answer = await answerTo(broken.fake, payload.token as string);
      expect(answer.json?.flags).toBe(64);
      const embed = embedOf(answer.json);
      const text = shown(embed.description);
      const ref = /ref ([0-9a-f]{6})/.exec(text)?.[1];
      expect(ref).toBeDefined();
      expect(JSON.stringify(answer.json)).not.toMatch(/hunter2|ECONNREFUSED|at .+:\d+/);
      expect(embed.author?.name).toBe('demo data');
      const entry = logged.mock.calls.find(([obj]) => (obj as { ref?: string }).ref === ref)?.[0] as
        | { err: Error }
        | undefined;
      expect(entry?.err.message).toContain('ECONNREFUSED');
    } finally {
      logged.mockRestore();
      await broken.close();
    }
  });

  it('reports its state and lets an interaction in progress finish on stop', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const harness = await startHarness({
      deps: {
        sources: {
          status: async () => {
            await gate;
            return [];
          },
        },
      },
    });
    expect(harness.adapter.state()).toBe('ready');
    const payload = slashCommandInteraction(harness.fake.applicationId, { name: 'sources' });
    harness.fake.sendInteraction(payload);
    await harness.fake.waitForCall((c) => c.params.id === payload.id);
    const stopped = harness.adapter.stop();
    expect(harness.adapter.state()).toBe('stopped');
    release();
    await stopped;
    const answer = await answerTo(harness.fake, payload.token as string);
    expect(shown(embedOf(answer.json).title)).toBe('Data sources');
    await harness.fake.close();
  });
});

describe('Discord gateway reconnection', () => {
  it('reconnects after the gateway drops the connection, and answers interactions again', async () => {
    const harness = await startHarness();
    try {
      const identifiesBefore = harness.fake.gateway.identifies.length;
      harness.fake.gateway.disconnectAll(4000);
      // discord.js waits 500 ms before reconnecting: long enough to see the state /healthz reports.
      await expect.poll(() => harness.adapter.state(), { interval: 20, timeout: 5000 }).toBe('reconnecting');
      // The fake forgets sessions, so discord.js's RESUME is refused and it identifies again.
      await expect
        .poll(() => harness.fake.gateway.identifies.length, { timeout: 20_000 })
        .toBe(identifiesBefore + 1);
      await expect.poll(() => harness.adapter.state(), { timeout: 10_000 }).toBe('ready');
      const payload = slashCommandInteraction(harness.fake.applicationId, {
        name: 'price',
        options: [{ name: 'figure', type: OPTION.STRING, value: 'sw0002' }],
      });
      harness.fake.sendInteraction(payload);
      const answer = await answerTo(harness.fake, payload.token as string);
      expect(shown(embedOf(answer.json).title)).toContain('sw0002');
    } finally {
      await harness.close();
    }
  });
});
