import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  SLACK_MAX_ACTIONS_ELEMENTS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_FIELDS,
  SLACK_MAX_SECTION_TEXT,
} from '../../../src/adapters/slack/limits.js';
import { ACTION_ID_PREFIX, render, TONE_EMOJI } from '../../../src/adapters/slack/render.js';
import { defineCommand, opt } from '../../../src/core/command.js';
import { parseText } from '../../../src/core/parse-text.js';
import type { Block, Reply } from '../../../src/core/reply.js';
import { blockProblems } from '../../support/fakes/slack-block-rules.js';

const reply = (blocks: Block[], extra: Partial<Reply> = {}): Reply => ({
  summary: 'summary',
  blocks,
  ...extra,
});
const sections = (blocks: types.KnownBlock[]) =>
  blocks.filter((b): b is types.SectionBlock => b.type === 'section');

describe('Slack renderer: one sample per block kind', () => {
  it('text -> a plain_text section (Slack interprets nothing), summary -> the fallback text', () => {
    const out = render(
      reply([{ type: 'text', text: 'Boba *Fett* <b> & _co_ :smile:' }], { summary: 'a < b & c' }),
    );
    expect(out.blocks).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Boba *Fett* <b> & _co_ :smile:', emoji: false } },
    ]);
    expect(out.text).toBe('a &lt; b &amp; c');
    expect(out.ephemeral).toBe(false);
    expect(out.file).toBeUndefined();
  });

  it('fields -> section fields "label\\nvalue", ten per section, the rest continuing below', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `V${i}`, inline: true }));
    const out = render(reply([{ type: 'fields', fields }]));
    const secs = sections(out.blocks);
    expect(secs.map((s) => s.fields?.length)).toEqual([10, 10, 3]);
    const texts = secs.flatMap((s) => s.fields?.map((f) => f.text) ?? []);
    expect(texts).toEqual(fields.map((f) => `${f.label}\n${f.value}`));
    expect(secs.every((s) => s.fields?.every((f) => f.type === 'plain_text'))).toBe(true);
  });

  it('an empty field value shows a dash (Slack refuses empty text)', () => {
    const out = render(reply([{ type: 'fields', fields: [{ label: 'Used', value: '' }] }]));
    expect(sections(out.blocks)[0]?.fields?.[0]?.text).toBe('Used\n—');
  });

  it('table -> an escaped, aligned code block', () => {
    const out = render(
      reply([
        {
          type: 'table',
          columns: [{ header: 'Item' }, { header: 'Price', align: 'right' }],
          rows: [
            ['sw0001', '$1.50'],
            ['a<b>&```c', '$100.25'],
          ],
        },
      ]),
    );
    const text = sections(out.blocks)[0]?.text;
    expect(text?.type).toBe('mrkdwn');
    const lines = (text?.text ?? '').split('\n');
    expect(lines[0]).toBe('```');
    expect(lines.at(-1)).toBe('```');
    // Widths: "a<b>&```c" is 9 characters, "$100.25" 7; prices right-aligned in their column.
    expect(lines[1]).toBe(`${'Item'.padEnd(9)}  ${'Price'.padStart(7)}`);
    expect(lines[3]).toBe(`${'sw0001'.padEnd(9)}  ${'$1.50'.padStart(7)}`);
    expect(lines[4]).toBe('a&lt;b&gt;&amp;`\u200b`\u200b`c  $100.25');
    // Nothing inside can close the fence early.
    expect(lines.slice(1, -1).join('\n')).not.toContain('```');
  });

  it('divider -> divider', () => {
    expect(render(reply([{ type: 'divider' }])).blocks).toEqual([{ type: 'divider' }]);
  });

  it('actions -> buttons whose value parses back to the same invocation', () => {
    const price = defineCommand({
      name: 'price',
      description: 'price',
      options: {
        figure: opt.figure({ description: 'f', required: true }),
        condition: opt.choice(['new', 'used'], { description: 'c' }),
      },
      run: async () => ({ summary: '', blocks: [] }),
    });
    const invocations = [
      { command: 'price', options: { figure: 'sw0001', condition: 'used' } },
      { command: 'price', options: { figure: 'Boba Fett "Classic"' } },
    ];
    const out = render(
      reply([
        {
          type: 'actions',
          buttons: invocations.map((invocation, i) => ({
            label: `b${i}`,
            invocation,
            style: i === 0 ? 'primary' : 'secondary',
          })),
        },
      ]),
    );
    const actions = out.blocks[0] as types.ActionsBlock;
    expect(actions.type).toBe('actions');
    const buttons = actions.elements as types.Button[];
    expect(buttons.map((b) => b.text.text)).toEqual(['b0', 'b1']);
    expect(buttons.map((b) => b.style)).toEqual(['primary', undefined]);
    expect(buttons.every((b) => b.action_id?.startsWith(ACTION_ID_PREFIX))).toBe(true);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(2);
    buttons.forEach((b, i) => {
      expect(parseText(b.value ?? '', [price])).toEqual(invocations[i]);
    });
  });

  it('title -> header with the tone emoji; label and link -> a context right below it; footer -> last context', () => {
    const out = render(
      reply([{ type: 'text', text: 'body' }], {
        title: 'Boba Fett',
        tone: 'positive',
        label: 'demo data',
        url: 'https://www.bricklink.com/v2/catalog/catalogitem.page?M=sw0002',
        footer: 'As of 2025-10-25 · BrickLink',
      }),
    );
    expect(out.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `${TONE_EMOJI.positive} Boba Fett`, emoji: false },
    });
    const context = out.blocks[1] as types.ContextBlock;
    expect(context.type).toBe('context');
    expect(JSON.stringify(context.elements)).toContain('demo data');
    expect(context.elements[1]).toEqual({
      type: 'mrkdwn',
      text: '<https://www.bricklink.com/v2/catalog/catalogitem.page?M=sw0002|www.bricklink.com>',
    });
    expect(out.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: 'As of 2025-10-25 · BrickLink', emoji: false }],
    });
    expect(out.text).toContain('demo data');
  });

  it('without a title, the tone emoji leads the first text (errors read "❌ ...")', () => {
    const out = render(reply([{ type: 'text', text: 'No such figure' }], { tone: 'error', ephemeral: true }));
    expect(sections(out.blocks)[0]?.text?.text).toBe(`${TONE_EMOJI.error} No such figure`);
    expect(out.ephemeral).toBe(true);
  });

  it('thumbnail -> image accessory of the first section', () => {
    const thumb = { url: 'https://img.bricklink.com/ItemImage/MN/0/sw0001.png', alt: 'sw0001' };
    const out = render(
      reply([{ type: 'divider' }, { type: 'fields', fields: [{ label: 'a', value: 'b' }] }], {
        thumbnail: thumb,
      }),
    );
    expect(sections(out.blocks)[0]?.accessory).toEqual({
      type: 'image',
      image_url: thumb.url,
      alt_text: 'sw0001',
    });
  });

  it('image -> a file to upload, never an image block', () => {
    const data = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const out = render(
      reply([{ type: 'text', text: 't' }], {
        image: { data, filename: 'sw0001-90d.png', alt: 'Price history' },
      }),
    );
    expect(out.file).toEqual({
      data,
      filename: 'sw0001-90d.png',
      title: 'Price history',
      altText: 'Price history',
    });
    expect(out.blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('a reply with no blocks and no title still shows its summary', () => {
    const out = render({ summary: 'Done.', blocks: [] });
    expect(out.blocks).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Done.', emoji: false } },
    ]);
  });
});

describe('Slack renderer: truncation at each limit', () => {
  const cut = (text: string, max: number) => `${text.slice(0, max - 1)}…`;

  it(`section text at ${SLACK_MAX_SECTION_TEXT} characters`, () => {
    const long = 'x'.repeat(6000);
    const text = sections(render(reply([{ type: 'text', text: long }])).blocks)[0]?.text?.text;
    expect(text).toBe(cut(long, 3000));
    const exact = 'y'.repeat(3000);
    expect(sections(render(reply([{ type: 'text', text: exact }])).blocks)[0]?.text?.text).toBe(exact);
  });

  it('never splits an emoji in two', () => {
    const text = `${'a'.repeat(2998)}🧱🧱🧱`;
    const out = sections(render(reply([{ type: 'text', text }])).blocks)[0]?.text?.text ?? '';
    expect(out).toBe(`${'a'.repeat(2998)}…`);
    expect(out.length).toBeLessThanOrEqual(3000);
  });

  it(`field text at ${SLACK_MAX_FIELD_TEXT} characters`, () => {
    const value = 'v'.repeat(5000);
    const field = sections(render(reply([{ type: 'fields', fields: [{ label: 'Label', value }] }])).blocks)[0]
      ?.fields?.[0];
    expect(field?.text).toBe(cut(`Label\n${value}`, 2000));
    expect(SLACK_MAX_SECTION_FIELDS).toBe(10);
  });

  it(`header at ${SLACK_MAX_HEADER_TEXT} characters, tone emoji included`, () => {
    const title = 'T'.repeat(400);
    const header = render(reply([], { title, tone: 'warning' })).blocks[0] as types.HeaderBlock;
    expect(header.text.text).toBe(cut(`${TONE_EMOJI.warning} ${title}`, 150));
  });

  it(`${SLACK_MAX_ACTIONS_ELEMENTS} buttons per actions block, labels at ${SLACK_MAX_BUTTON_TEXT}`, () => {
    const buttons = Array.from({ length: 40 }, (_, i) => ({
      label: `${i}`.padEnd(100, 'x'),
      invocation: { command: 'help', options: {} },
    }));
    const actions = render(reply([{ type: 'actions', buttons }])).blocks[0] as types.ActionsBlock;
    expect(actions.elements).toHaveLength(25);
    const first = actions.elements[0] as types.Button;
    expect(first.text.text).toBe(cut('0'.padEnd(100, 'x'), 75));
  });

  it(`${SLACK_MAX_BLOCKS} blocks per message, with a visible note of what was left out`, () => {
    const body: Block[] = Array.from({ length: 60 }, (_, i) => ({ type: 'text', text: `row ${i}` }));
    const out = render(reply(body, { title: 'Title', footer: 'Footer' }));
    expect(out.blocks).toHaveLength(50);
    // Header and footer stay; 48 places remain for the body: 47 rows and the note of the other 13.
    expect(out.blocks[0]?.type).toBe('header');
    expect(out.blocks.at(-1)).toMatchObject({ elements: [{ text: 'Footer' }] });
    expect(sections(out.blocks).map((s) => s.text?.text)).toEqual(
      body.slice(0, 47).map((b) => (b as { text: string }).text),
    );
    expect(JSON.stringify(out.blocks.at(-2))).toContain('13 more blocks not shown');
  });

  it('a table keeps to one section and says how many rows it left out', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [
      `sw${String(i).padStart(4, '0')}`,
      `Figure number ${i}`,
      `$${i}.00`,
    ]);
    const out = render(
      reply([
        {
          type: 'table',
          columns: [{ header: 'Item' }, { header: 'Name' }, { header: 'Price', align: 'right' }],
          rows,
        },
      ]),
    );
    const text = sections(out.blocks)[0]?.text?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
    const shown = text.split('\n').filter((l) => /^sw\d{4}/.test(l)).length;
    expect(shown).toBeGreaterThan(0);
    expect(text).toContain(`… ${400 - shown} more rows`);
    expect(text.endsWith('```')).toBe(true);
  });

  it(`fallback text at ${SLACK_MAX_FALLBACK_TEXT} characters`, () => {
    const out = render({ summary: 's'.repeat(10_000), blocks: [] });
    expect(out.text).toBe(cut('s'.repeat(10_000), 4000));
  });

  it('whatever goes in, Slack accepts what comes out', () => {
    const huge = '🧱<&>*_~`'.repeat(2000);
    const everything: Reply = {
      title: huge,
      url: 'https://www.bricklink.com/x',
      summary: huge,
      tone: 'error',
      label: huge,
      thumbnail: { url: 'https://img.bricklink.com/a.png', alt: huge },
      footer: huge,
      blocks: [
        ...Array.from({ length: 30 }, (): Block => ({ type: 'text', text: huge })),
        { type: 'fields', fields: Array.from({ length: 35 }, () => ({ label: huge, value: huge })) },
        { type: 'table', columns: [{ header: huge }, { header: huge }], rows: [[huge, huge]] },
        {
          type: 'actions',
          buttons: Array.from({ length: 30 }, () => ({
            label: huge,
            invocation: { command: 'search', options: { query: huge } },
          })),
        },
        { type: 'text', text: '' },
        { type: 'divider' },
      ],
    };
    const out = render(everything);
    expect(blockProblems(out.blocks)).toEqual([]);
    expect(out.text.length).toBeLessThanOrEqual(4000);
  });
});
