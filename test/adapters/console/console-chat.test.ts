import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { runConsoleChat } from '../../../src/adapters/console/console-chat.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import { money } from '../../../src/currency/format-money.js';
import type { DailyPrice, PriceQuote } from '../../../src/deps.js';
import { FIGURES, fakeDeps } from '../../support/fake-deps.js';
import { testRate } from '../../support/fake-rates.js';

const SERIES: DailyPrice[] = [
  { date: '2026-11-24', median: 10, min: 8, max: 12, count: 3 },
  { date: '2026-11-25', median: 11, min: 9, max: 14, count: 4 },
];

let chartDir: string;
beforeEach(async () => {
  chartDir = await mkdtemp(path.join(tmpdir(), 'console-chat-'));
});
afterEach(() => rm(chartDir, { recursive: true, force: true }));

/** Feeds `lines` to the console chat (writing the next only after the previous reply) and returns all output. */
async function converse(
  lines: string[],
  opts: { demoData?: boolean; endWithExit?: boolean; quotes?: Map<string, PriceQuote> } = {},
) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const deps = fakeDeps({ series: SERIES, demoData: opts.demoData, quotes: opts.quotes });
  const dispatcher = createDispatcher({ commands, deps: () => deps });
  const done = runConsoleChat({ dispatcher, input, output, chartDir, banner: 'hello' });
  for (const line of lines) input.write(`${line}\n`);
  if (!opts.endWithExit) input.end();
  await done;
  return text;
}

describe('console chat over streams', () => {
  it('answers each line through the dispatcher, in order, and ends with the input', async () => {
    const out = await converse(['help', 'price sw0002', 'search boba']);
    expect(out.startsWith('hello\n')).toBe(true);
    const help = out.indexOf('minifig commands');
    const price = out.indexOf('sw0002 · Boba Fett - Classic Grays');
    const search = out.indexOf('Item     Name');
    expect(help).toBeGreaterThan(0);
    expect(price).toBeGreaterThan(help);
    expect(search).toBeGreaterThan(price);
    expect(out).toContain('price <figure> [condition: new|used]');
    expect(out).toContain('sw0002a  Boba Fett - Bluish Grays');
  });

  it('set: the part-out value of a set with known figures, "being fetched", and an unknown set', async () => {
    const quote = (figure: (typeof FIGURES)[keyof typeof FIGURES], median: number): PriceQuote => ({
      figure,
      conditions: [
        {
          condition: 'new',
          basis: 'sold',
          windowDays: 30,
          listingCount: 5,
          median,
          min: median,
          max: median,
          lowConfidence: false,
          change7d: null,
          change30d: null,
          bySource: [],
        },
      ],
      asOf: null,
      sources: ['BrickLink'],
    });
    const quotes = new Map([
      ['sw0002', quote(FIGURES.sw0002, 100)],
      ['sw0004', quote(FIGURES.sw0004, 25.5)],
    ]);
    const out = await converse(['set 75192', 'set 10188', 'set 99999'], { quotes });
    // 100 + 2 × 25.50 = 151.00; sw0001a unpriced, sw9999 not in the catalogue.
    expect(out).toContain('75192-1 · Millennium Falcon - UCS {2nd edition}');
    expect(out).toMatch(/Part-out value \(new\) +\$151\.00/);
    expect(out).toMatch(/Coverage +3 of 5 figures priced/);
    expect(out).toContain('Inventory being fetched from BrickLink, try again in a few minutes.');
    expect(out).toContain('No set 99999 in the catalogue.');
    expect(out.indexOf('$151.00')).toBeLessThan(out.indexOf('Inventory being fetched'));
    // In the asker's currency: each row converted and rounded as shown, the value their sum.
    for (const [code, digits] of [
      ['EUR', 2],
      ['GBP', 2],
      ['JPY', 0],
    ] as const) {
      const rate = testRate(code, '2026-11-26');
      const row = (usd: number) => Number((usd * rate).toFixed(digits));
      const inCurrency = await converse([`set 75192 ${code}`], { quotes });
      expect(inCurrency).toContain(`Part-out value (new)`);
      expect(inCurrency).toContain(money(row(100) + 2 * row(25.5), code));
      expect(inCurrency).toContain(`${code}, converted from USD at `);
    }
  });

  it('writes a chart to a file and prints its path', async () => {
    const out = await converse(['history sw0002 7']);
    const file = /Chart: (.+\.png)/.exec(out)?.[1];
    expect(file).toBeDefined();
    expect(path.dirname(file as string)).toBe(path.resolve(chartDir));
    const bytes = await readFile(file as string);
    // fakeDeps' chart: the PNG signature and the item number.
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(bytes.subarray(4).toString()).toBe(FIGURES.sw0002.itemNo);
    // As a person types it, not the named form buttons carry.
    expect(out).toContain('Try next:\n  30 days: history sw0002 30');
  });

  it('stops at exit, ignores blank lines, and shows errors without stack traces', async () => {
    const out = await converse(['', 'price', 'price 🦖', `search ${'x'.repeat(6000)}`, 'exit', 'help'], {
      endWithExit: true,
    });
    expect(out).toContain('Error: price needs figure');
    expect(out).toContain('Error: No figure matches "🦖"');
    expect(out).toContain('Error: query is too long: 6000 characters, at most 100.');
    expect(out).not.toContain('minifig commands');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('in a terminal, prompts and ends on Ctrl-C', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const deps = fakeDeps();
    const dispatcher = createDispatcher({ commands, deps: () => deps });
    const done = runConsoleChat({ dispatcher, input, output, chartDir, interactive: true });
    input.write('sources\r');
    await new Promise((r) => setTimeout(r, 200));
    input.write('\x03');
    await done;
    expect(text).toContain('minifig> ');
    expect(text).toContain('Data sources');
  });

  it('labels replies as demo data', async () => {
    const out = await converse(['sources'], { demoData: true });
    expect(out).toContain('[DEMO DATA]\nData sources');
  });
});
