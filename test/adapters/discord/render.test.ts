/**
 * The pure renderer: one sample per block kind, every limit, and a batch of random replies that
 * must all pass the fake Discord's body validation (written from Discord's documentation, not from
 * limits.ts). `shown` undoes markdown escaping the way Discord displays it.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { decodeCustomId } from '../../../src/adapters/discord/custom-id.js';
import { BLANK, embedLength, render, TONE_COLOUR } from '../../../src/adapters/discord/render.js';
import { parseText } from '../../../src/core/parse-text.js';
import type { Block, Button, Reply, Tone } from '../../../src/core/reply.js';
import { messageBodyProblems } from '../../support/fakes/fake-discord-validate.js';
import { shown } from './harness.js';

const reply = (blocks: Block[], extra: Partial<Reply> = {}): Reply => ({
  summary: 'summary',
  blocks,
  ...extra,
});
const valid = (r: Reply) => {
  const message = render(r);
  expect(messageBodyProblems({ embeds: message.embeds, components: message.components })).toEqual([]);
  return message;
};
const embed = (r: Reply) => valid(r).embeds[0] ?? {};
const button = (label: string, figure: string): Button => ({
  label,
  invocation: { command: 'price', options: { figure } },
});

describe('Discord renderer: block kinds', () => {
  it('text: plain text shown exactly, markdown and mentions escaped', () => {
    const text =
      '**not bold** _x_ `code` ~~s~~ ||spoiler|| [link](http://x) <@123> @everyone\n# heading\n- item\n1. first\n> quote';
    const e = embed(reply([{ type: 'text', text }]));
    expect(shown(e.description)).toBe(text);
    // No markup character is left unescaped.
    expect(e.description).not.toMatch(/(^|[^\\])[*_`~|<[\]]/);
    expect(e.description?.split('\n').slice(1)).toEqual([
      '\\# heading',
      '\\- item',
      '1\\. first',
      '\\> quote',
    ]);
  });

  it('fields: embed fields with names, values and inline flags, in order', () => {
    const e = embed(
      reply([
        {
          type: 'fields',
          fields: [
            { label: 'New', value: '$12.00\nmedian of 3' },
            { label: 'Range', value: '$9 – $15', inline: true },
            { label: '', value: '' },
          ],
        },
      ]),
    );
    expect(e.fields).toEqual([
      { name: 'New', value: '$12.00\nmedian of 3', inline: false },
      { name: 'Range', value: '$9 – $15', inline: true },
      { name: BLANK, value: BLANK, inline: false },
    ]);
  });

  it('table: a code block with padded columns, right-aligned where asked', () => {
    const e = embed(
      reply([
        {
          type: 'table',
          columns: [{ header: 'Source' }, { header: 'Median', align: 'right' }],
          rows: [
            ['BrickLink', '$4.10'],
            ['eBay `x`', '$12.00'],
          ],
        },
      ]),
    );
    expect(e.description).toBe(
      ['```', 'Source     Median', '---------  ------', 'BrickLink   $4.10', 'eBay ˋxˋ   $12.00', '```'].join(
        '\n',
      ),
    );
  });

  it('divider: a rule between paragraphs; blocks after fields keep their place as blank-named fields', () => {
    const e = embed(
      reply([
        { type: 'text', text: 'before' },
        { type: 'divider' },
        { type: 'fields', fields: [{ label: 'A', value: '1' }] },
        { type: 'text', text: 'after' },
        { type: 'divider' },
      ]),
    );
    expect(e.description).toMatch(/^before\n\n─+$/);
    expect(e.fields?.map((f) => [f.name, f.value])).toEqual([
      ['A', '1'],
      [BLANK, 'after'],
      [BLANK, e.description?.split('\n\n')[1]],
    ]);
  });

  it('actions: buttons in a row whose custom_id parses back to the same command', () => {
    const m = valid(
      reply([
        {
          type: 'actions',
          buttons: [
            {
              label: '90 days',
              style: 'primary',
              invocation: { command: 'history', options: { figure: 'sw0002', days: 90 } },
            },
            button('Boba', 'Boba Fett - Classic Grays'),
          ],
        },
      ]),
    );
    expect(m.components).toHaveLength(1);
    const [first, second] = m.components[0]?.components ?? [];
    expect(first?.style).toBe(1);
    expect(second?.style).toBe(2);
    expect(parseText(decodeCustomId(first?.custom_id ?? '') ?? '', commands)).toEqual({
      command: 'history',
      options: { figure: 'sw0002', days: '90' },
    });
    expect(parseText(decodeCustomId(second?.custom_id ?? '') ?? '', commands)).toEqual({
      command: 'price',
      options: { figure: 'Boba Fett - Classic Grays' },
    });
  });

  it('image: the PNG as an attachment shown as the embed image, with its alt text', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
    const m = valid(reply([], { image: { data: png, filename: 'sw0002 90d.png', alt: 'chart of sw0002' } }));
    expect(m.files).toEqual([
      { name: 'sw0002_90d.png', data: Buffer.from(png), description: 'chart of sw0002' },
    ]);
    expect(m.embeds[0]?.image?.url).toBe('attachment://sw0002_90d.png');
  });

  it('tone, title, link, label, thumbnail, footer, ephemeral; the summary when there is nothing else', () => {
    const tones: Tone[] = ['neutral', 'info', 'positive', 'negative', 'warning', 'error'];
    expect(new Set(tones.map((t) => TONE_COLOUR[t])).size).toBe(tones.length);
    for (const tone of tones) expect(embed(reply([], { tone, title: 't' })).color).toBe(TONE_COLOUR[tone]);
    expect(embed(reply([], { title: 't' })).color).toBe(TONE_COLOUR.neutral);

    const m = valid(
      reply([{ type: 'text', text: 'body' }], {
        title: 'sw0002 · Boba_Fett',
        url: 'https://www.bricklink.com/v2/catalog/catalogitem.page?M=sw0002',
        label: 'demo data',
        thumbnail: { url: 'https://img.bricklink.com/ItemImage/MN/0/sw0002.png', alt: 'Boba' },
        footer: 'As of 2026-11-20 · BrickLink',
        ephemeral: true,
      }),
    );
    const e = m.embeds[0];
    expect(shown(e?.title)).toBe('sw0002 · Boba_Fett');
    expect(e?.url).toContain('M=sw0002');
    expect(e?.author?.name).toBe('demo data');
    expect(e?.thumbnail?.url).toContain('sw0002.png');
    expect(e?.footer?.text).toBe('As of 2026-11-20 · BrickLink');
    expect(m.ephemeral).toBe(true);
    expect(m.content).toBeUndefined();
    expect(render(reply([]), { withContent: true }).content).toBe('summary');
    expect(embed({ summary: 'only *this*', blocks: [] }).description).toBe('only \\*this\\*');
  });
});

describe('Discord renderer: limits', () => {
  const long = (n: number, ch = 'a') => ch.repeat(n);

  it('title 256, description 4,096, footer 2,048, label 256: cut with "…"', () => {
    const e = embed(
      reply([{ type: 'text', text: long(5000) }], { title: long(300), footer: long(3000), label: long(300) }),
    );
    expect(e.title).toBe(`${long(255)}…`);
    expect(e.footer?.text).toBe(`${long(2047)}…`);
    expect(e.author?.name).toBe(`${long(255)}…`);
    // 6,000 − 256 − 2,048 − 256 = 3,440 left for the description.
    expect(e.description).toBe(`${long(3439)}…`);
    expect(embedLength(e)).toBe(6000);
    expect(embed(reply([{ type: 'text', text: long(5000) }])).description).toBe(`${long(4095)}…`);
  });

  it('field name 256, value 1,024', () => {
    const e = embed(reply([{ type: 'fields', fields: [{ label: long(300), value: long(2000) }] }]));
    expect(e.fields?.[0]?.name).toBe(`${long(255)}…`);
    expect(e.fields?.[0]?.value).toBe(`${long(1023)}…`);
  });

  it('25 fields at most: the last says how many more there were', () => {
    const fields = Array.from({ length: 31 }, (_, i) => ({ label: `f${i}`, value: `${i}` }));
    const e = embed(reply([{ type: 'fields', fields }]));
    expect(e.fields).toHaveLength(25);
    expect(e.fields?.slice(0, 24).map((f) => f.name)).toEqual(fields.slice(0, 24).map((f) => f.label));
    expect(e.fields?.[24]?.value).toBe('7 more not shown');
  });

  it('6,000 characters in total: fields give way from the end, counted, and some description stays', () => {
    const fields = Array.from({ length: 10 }, (_, i) => ({ label: `f${i}`, value: long(1000, 'v') }));
    const e = embed(
      reply([
        { type: 'text', text: long(3000, 'd') },
        { type: 'fields', fields },
      ]),
    );
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
    const kept = (e.fields ?? []).filter((f) => f.name !== '…');
    const marker = e.fields?.at(-1);
    expect(marker?.name).toBe('…');
    expect(kept.length + Number.parseInt(marker?.value ?? '', 10)).toBe(10);
    expect(kept.length).toBe(5);
    expect(e.description?.length).toBeGreaterThanOrEqual(200);
  });

  it('escaping counts against the limits and is never cut in half', () => {
    const e = embed(reply([{ type: 'text', text: long(5000, '*') }]));
    expect(e.description?.length).toBeLessThanOrEqual(4096);
    expect(e.description).toMatch(/^(\\\*)+…$/);
  });

  it('emoji are never split into half a surrogate pair', () => {
    const e = embed(reply([], { title: '🧱'.repeat(200) }));
    expect(e.title?.length).toBeLessThanOrEqual(256);
    expect(e.title).toMatch(/^(🧱)+…$/u);
  });

  it('tables cut whole rows and say how many are missing', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`sw${String(i).padStart(4, '0')}`, `${i}`]);
    const e = embed(reply([{ type: 'table', columns: [{ header: 'Item' }, { header: 'N' }], rows }]));
    const lines = e.description?.split('\n') ?? [];
    expect(lines[0]).toBe('```');
    expect(lines.at(-1)).toBe('```');
    const note = lines.at(-2) ?? '';
    const missing = Number(/^… (\d+) more rows$/.exec(note)?.[1]);
    const shownRows = lines.length - 5; // fences, header, rule, note
    expect(shownRows + missing).toBe(400);
    expect(e.description?.length).toBeLessThanOrEqual(4096);
  });

  it('5 action rows of 5 buttons; labels 80; custom_ids over 100 left out, duplicates once', () => {
    const many = Array.from({ length: 30 }, (_, i) => button(`b${i}`, `sw${i}`));
    const rows = valid(reply([{ type: 'actions', buttons: many }])).components;
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);

    const blocks: Block[] = Array.from({ length: 7 }, (_, b) => ({
      type: 'actions',
      buttons: [button(`x${b}`, `sw${b}a`), button(`y${b}`, `sw${b}b`)],
    }));
    expect(valid(reply(blocks)).components.map((r) => r.components.length)).toEqual([2, 2, 2, 2, 2]);

    const odd = valid(
      reply([
        {
          type: 'actions',
          buttons: [button(long(100), 'sw1'), button('too long', long(120)), button('again', 'sw1')],
        },
      ]),
    ).components;
    expect(odd).toHaveLength(1);
    expect(odd[0]?.components.map((b) => b.label)).toEqual([`${long(79)}…`]);
  });

  it('random replies of every shape always pass Discord validation', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const text = (max: number) => {
      const pieces = ['a', '*', '_', '🧱', '\n', ' ', '`', '\\', '<@1>', 'é', '# ', '1. '];
      return Array.from(
        { length: Math.floor(rand() * max) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join('');
    };
    for (let n = 0; n < 200; n++) {
      const blocks: Block[] = Array.from({ length: Math.floor(rand() * 8) }, (): Block => {
        const kind = Math.floor(rand() * 5);
        if (kind === 0) return { type: 'text', text: text(3000) };
        if (kind === 1) {
          const count = Math.floor(rand() * 40);
          return {
            type: 'fields',
            fields: Array.from({ length: count }, () => ({
              label: text(300),
              value: text(1500),
              inline: rand() < 0.5,
            })),
          };
        }
        if (kind === 2) {
          const cols = 1 + Math.floor(rand() * 4);
          return {
            type: 'table',
            columns: Array.from({ length: cols }, () => ({ header: text(20) })),
            rows: Array.from({ length: Math.floor(rand() * 80) }, () =>
              Array.from({ length: cols }, () => text(50)),
            ),
          };
        }
        if (kind === 3) return { type: 'divider' };
        return {
          type: 'actions',
          buttons: Array.from({ length: Math.floor(rand() * 12) }, () => button(text(100), text(90))),
        };
      });
      const r = reply(blocks, {
        ...(rand() < 0.7 ? { title: text(400) } : {}),
        ...(rand() < 0.5 ? { footer: text(2500) } : {}),
        ...(rand() < 0.3 ? { label: text(300) } : {}),
      });
      const message = render(r, { withContent: true });
      expect(messageBodyProblems({ ...message })).toEqual([]);
    }
  });
});
