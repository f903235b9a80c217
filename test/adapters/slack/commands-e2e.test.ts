import type { types } from '@slack/bolt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { slackPlatform } from '../../../src/adapters/slack/platform.js';
import { REPLY_NOT_POSTED } from '../../../src/adapters/slack/reply.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import type { Reply } from '../../../src/core/reply.js';
import type { ConditionQuote, DailyPrice, PriceQuote } from '../../../src/deps.js';
import { FIGURES, fakeDeps } from '../../support/fake-deps.js';
import type { FakeSlack } from '../../support/fakes/fake-slack.js';
import { mentionEventBody } from '../../support/fakes/slack-requests.js';
import { type SlackAppE2E, startSlackE2E } from '../../support/slack-e2e.js';

/**
 * The product's real commands (commands/index.ts) through the real dispatcher and the real Bolt
 * App, with in-memory services (demo data on) and the fake Slack. Expected texts come from the
 * dispatcher's own Reply for the same input, so what is checked is that Slack shows all of it.
 */
const who = { teamId: 'T0000TEAM1', userId: 'UMEMBER001', channelId: 'C0PRICES01' };

const USED: ConditionQuote = {
  condition: 'used',
  basis: 'sold',
  windowDays: 30,
  listingCount: 14,
  median: 41.5,
  min: 30,
  max: 60,
  lowConfidence: false,
  change7d: 0.031,
  change30d: -0.05,
  bySource: [
    { source: 'BrickLink', listingCount: 10, median: 42 },
    { source: 'eBay', listingCount: 4, median: 39.99 },
  ],
};
const QUOTE: PriceQuote = {
  figure: FIGURES.sw0002,
  conditions: [USED],
  asOf: new Date('2026-11-26T09:30:00Z'),
  sources: ['BrickLink', 'eBay'],
};
const SERIES: DailyPrice[] = [
  { date: '2026-11-20', median: 40, min: 35, max: 48, count: 3 },
  { date: '2026-11-23', median: 41, min: 36, max: 50, count: 4 },
  { date: '2026-11-26', median: 41.5, min: 30, max: 60, count: 7 },
];
const depsOptions = { quotes: new Map([['sw0002', QUOTE]]), series: SERIES, demoData: true };

const fieldTexts = (blocks: types.KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])).map((f) => f.text);
const allText = (blocks: types.KnownBlock[]) => JSON.stringify(blocks);

describe('Slack end to end with the real commands', () => {
  const dispatcher = createDispatcher({
    commands,
    deps: () => fakeDeps(depsOptions),
    log: pino({ level: 'silent' }),
  });
  let e2e: SlackAppE2E;
  let fake: FakeSlack;

  beforeAll(async () => {
    e2e = await startSlackE2E({ dispatcher });
    fake = e2e.fake;
  });
  afterAll(() => e2e?.close());

  /** What the dispatcher itself answers to `text`: the oracle for what Slack must show. */
  const expected = (text: string): Promise<Reply> =>
    dispatcher.dispatchText(text, { platform: slackPlatform.name, traits: slackPlatform });
  const slash = (text: string) => e2e.slash(who, text);
  const click = (button: types.Button) => e2e.click(who, button);

  it('/minifig price sw0002 used: the whole price card, labelled demo data, accepted by Slack', async () => {
    const reply = await expected('price sw0002 used');
    const res = await slash('price sw0002 used');
    expect(res.params.text).not.toBe(REPLY_NOT_POSTED);
    expect(res.params.response_type).toBe('in_channel');
    const blocks = res.params.blocks as types.KnownBlock[];
    expect((blocks[0] as types.HeaderBlock).text.text).toContain(reply.title ?? 'no title');
    expect(allText(blocks)).toContain('demo data');
    expect(String(res.params.text)).toContain('demo data');
    const fields = reply.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
    expect(fieldTexts(blocks)).toEqual(fields.map((f) => `${f.label}\n${f.value}`));
    const accessory = blocks.find(
      (b): b is types.SectionBlock => b.type === 'section' && !!b.accessory,
    )?.accessory;
    expect(accessory).toMatchObject({ type: 'image', image_url: reply.thumbnail?.url });
    // The per-source table shows every source's median.
    const table = blocks.find((b) => b.type === 'section' && b.text?.type === 'mrkdwn') as types.SectionBlock;
    for (const s of USED.bySource) expect(table.text?.text).toContain(s.source);
    expect(blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: reply.footer }] });
  });

  it('/minifig set 75192, 10188 and 99999: the part-out value, "being fetched", and an unknown set', async () => {
    const reply = await expected('set 75192');
    expect(reply.summary).toContain('part-out value $');
    const res = await slash('set 75192');
    expect(res.params.response_type).toBe('in_channel');
    const blocks = res.params.blocks as types.KnownBlock[];
    expect(String(res.params.text)).toContain(reply.summary);
    const fields = reply.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
    expect(fields.map((f) => f.label)).toContain('Part-out value (new)');
    expect(fieldTexts(blocks)).toEqual(fields.map((f) => `${f.label}\n${f.value}`));
    expect(allText(blocks)).toContain('https://img.bricklink.com/ItemImage/SN/0/75192-1.png');

    // In the asker's currency: the same reply the dispatcher gives, converted, on Slack.
    for (const code of ['EUR', 'GBP', 'JPY']) {
      const converted = await expected(`set 75192 ${code}`);
      expect(converted.footer).toContain(`${code}, converted from USD at `);
      const inCurrency = await slash(`set 75192 ${code}`);
      expect(String(inCurrency.params.text)).toContain(converted.summary);
      const convertedFields = converted.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
      expect(convertedFields[0]?.value).toMatch(code === 'EUR' ? /^€/ : code === 'GBP' ? /^£/ : /^¥/);
      expect(fieldTexts(inCurrency.params.blocks as types.KnownBlock[])).toEqual(
        convertedFields.map((f) => `${f.label}\n${f.value}`),
      );
      expect(allText(inCurrency.params.blocks as types.KnownBlock[])).toContain(converted.footer);
    }

    const pending = await slash('set 10188');
    expect(String(pending.params.text)).toContain('inventory being fetched, try again in a few minutes');

    const unknown = await slash('set 99999');
    expect(unknown.params.response_type).toBe('ephemeral');
    expect(String(unknown.params.text)).toContain('No set 99999 in the catalogue.');
  });

  it('/minifig history sw0002 90: the chart is uploaded, and a range button runs that range', async () => {
    const res = await slash('history sw0002 90');
    const reply = await expected('history sw0002 90');
    expect(res.params.text).toContain(reply.summary);
    const upload = await waitForUpload('sw0002-90d.png');
    expect(upload.data?.equals(Buffer.from(reply.image?.data ?? []))).toBe(true);
    expect(upload.completed?.channelId).toBe(who.channelId);

    const buttons = (res.params.blocks as types.KnownBlock[])
      .filter((b): b is types.ActionsBlock => b.type === 'actions')
      .flatMap((b) => b.elements as types.Button[]);
    expect(buttons.map((b) => b.text.text)).toEqual(['7 days', '30 days', '365 days']);
    const answer = await click(buttons[1] as types.Button);
    expect(answer.params.text).toContain((await expected('history sw0002 30')).summary);
    await waitForUpload('sw0002-30d.png');
  });

  it('@minifig price of boba fett: "did you mean" for the asker only, and its buttons pick one', async () => {
    const reply = await expected('price boba fett');
    expect(reply.ephemeral).toBe(true);
    const body = mentionEventBody({
      ...who,
      botUserId: fake.botUserId,
      text: `<@${fake.botUserId}> price of boba fett`,
    });
    await e2e.post(body);
    const eph = await fake.waitFor('chat.postEphemeral', (c) =>
      String(c.params.text).includes('Did you mean'),
    );
    expect(eph.params.user).toBe(who.userId);
    const buttons = (eph.params.blocks as types.KnownBlock[])
      .filter((b): b is types.ActionsBlock => b.type === 'actions')
      .flatMap((b) => b.elements as types.Button[]);
    expect(buttons.map((b) => b.text.text)).toContain('sw0002');
    const answer = await click(buttons.find((b) => b.text.text === 'sw0002') as types.Button);
    expect(answer.params.text).toContain('Boba Fett - Classic Grays');
    expect(answer.params.response_type).toBe('in_channel');
  });

  it('/minifig help lists every command', async () => {
    const res = await slash('help');
    for (const c of commands) expect(allText(res.params.blocks as types.KnownBlock[])).toContain(c.name);
  });

  it('/minifig alone answers the asker only, with the help', async () => {
    const res = await slash('');
    expect(res.params.response_type).toBe('ephemeral');
    for (const c of commands) expect(allText(res.params.blocks as types.KnownBlock[])).toContain(c.name);
    expect((await slash('help')).params.response_type).toBe('in_channel');
  });

  describe('bad input: answered to the asker only, never a stack trace', () => {
    const inputs = [
      'price zz9999',
      'price',
      `price ${'x'.repeat(6000)}`,
      'price 🧱🦖',
      "price sw0002'; DROP TABLE minifigures; --",
      'history sw0002 -5',
      'history sw0002 100000000000000000000000',
      'movers 2y',
      'search',
      'nonsense',
    ];
    for (const text of inputs) {
      it(JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}…` : text), async () => {
        const reply = await expected(text);
        const res = await slash(text);
        expect(res.params.response_type).toBe('ephemeral');
        const escaped = reply.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        expect(res.params.text).toContain(escaped.slice(0, 200));
        expect(JSON.stringify(res.params)).not.toMatch(/\bat .+\.(ts|js):\d+|TypeError|ReferenceError|stack/);
      });
    }
  });

  async function waitForUpload(filename: string) {
    await fake.waitFor('files.completeUploadExternal', (c) =>
      ((c.params.files ?? []) as { id: string }[]).some((f) => fake.uploads.get(f.id)?.filename === filename),
    );
    const upload = [...fake.uploads.values()].find((u) => u.filename === filename);
    if (!upload) throw new Error(`no upload of ${filename}`);
    return upload;
  }
});
