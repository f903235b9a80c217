import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import type { FigureRef } from '../../src/core/figure.js';
import { minorDigits, money } from '../../src/currency/format-money.js';
import { rateText } from '../../src/currency/money-view.js';
import type { ConditionQuote, PriceQuote } from '../../src/deps.js';
import { FIGURES, fakeDeps } from '../support/fake-deps.js';
import { memoryPreferences, testRate } from '../support/fake-rates.js';
import { catalogueSet } from '../support/fake-sets.js';
import { blocksOf, run } from './harness.js';

function quote(figure: FigureRef, median: number, basis: 'sold' | 'asking' = 'sold'): PriceQuote {
  const q: ConditionQuote = {
    condition: 'new',
    basis,
    windowDays: 30,
    listingCount: 9,
    median,
    min: median,
    max: median,
    lowConfidence: false,
    change7d: null,
    change30d: null,
    bySource: [],
  };
  return { figure, conditions: [q], asOf: null, sources: ['BrickLink'] };
}
// Prices with fractions of a cent: each row is rounded as shown, and the total is the sum of the rows.
const quotes = new Map([
  ['sw0002', quote(FIGURES.sw0002, 95.505)],
  ['sw0004', quote(FIGURES.sw0004, 20.124, 'asking')],
  // sw0001a has no price; sw9999 is not in the catalogue.
]);

describe('set', () => {
  it('prices each figure, sums the part-out value to the cent, and gives coverage, ratio, retirement and image', async () => {
    const { reply, deps } = await run('set 75192', { quotes });
    expect(reply.title).toBe('75192-1 · Millennium Falcon - UCS {2nd edition}');
    expect(reply.thumbnail?.url).toBe('https://img.bricklink.com/ItemImage/SN/0/75192-1.png');
    expect(reply.url).toBe('https://www.bricklink.com/v2/catalog/catalogitem.page?S=75192-1');
    // 95.51 + 2 × 20.12 = 135.75; 3 of 5 figures priced; 135.75 / 849.99 = 0.1597.
    expect(reply.summary).toBe(
      '75192-1 Millennium Falcon - UCS {2nd edition}: part-out value $135.75 (new), 3 of 5 figures priced, ratio to retail 0.16× US retail.',
    );
    expect(blocksOf(reply, 'text')[0]?.text).toBe('Star Wars · 2017 · On sale');
    expect(blocksOf(reply, 'fields')[0]?.fields).toEqual([
      { label: 'Part-out value (new)', value: '$135.75', inline: true },
      { label: 'Coverage', value: '3 of 5 figures priced', inline: true },
      { label: 'Ratio to retail', value: '0.16× US retail', inline: true },
      { label: 'Retail', value: 'US $849.99 · UK £734.99 · DE €849.99', inline: true },
    ]);
    expect(blocksOf(reply, 'table')[0]?.rows).toEqual([
      ['sw0002', 'Boba Fett - Classic Grays', '1', '$95.51', 'sold (9)', '$95.51'],
      ['sw0004', 'Darth Vader (Light Gray Hea…', '2', '$20.12', 'asking (9)', '$40.24'],
      ['sw0001a', 'Battle Droid - Tan, Angled …', '1', 'no price', '–', '–'],
      ['sw9999', 'not in the catalogue', '1', 'no price', '–', '–'],
    ]);
    expect(deps.calls.filter((c) => c.method === 'headlines').map((c) => c.args)).toEqual([
      [['sw0002', 'sw0004', 'sw0001a'], 'new'],
    ]);
  });

  it('a set whose inventory is not fetched yet says so and queues the fetch', async () => {
    const { reply, deps } = await run('set 10188-1');
    expect(reply.summary).toBe(
      '10188-1 Death Star - UCS: inventory being fetched, try again in a few minutes.',
    );
    expect(reply.tone).toBe('info');
    expect(blocksOf(reply, 'text')[0]?.text).toBe('Star Wars · 2008 · Retired 2016-12-31');
    expect(deps.sets.requested).toEqual(['10188-1']);
  });

  it('without BrickLink set up, a set says its figures cannot come yet instead of promising minutes', async () => {
    const { reply, deps } = await run('set 10188-1', { fetchesSetInventories: false });
    expect(reply.summary).toBe(
      '10188-1 Death Star - UCS: figures not known yet, BrickLink is not set up here.',
    );
    expect(JSON.stringify(reply)).not.toContain('try again in a few minutes');
    expect(blocksOf(reply, 'text')[1]?.text).toMatch(
      /BrickLink is not set up here \(an admin sets the BRICKLINK_\* keys\)/,
    );
    // Queued all the same: once the keys are set, the figures arrive.
    expect(deps.sets.requested).toEqual(['10188-1']);
  });

  it('an unknown number, an empty set, an ambiguous name and a name', async () => {
    const unknown = await run('set 99999');
    expect(unknown.reply.tone).toBe('error');
    expect(unknown.reply.summary).toBe(
      'No set 99999 in the catalogue. Check the number on the box (e.g. 75192), or search by name.',
    );
    const empty = await run('set 6212');
    expect(empty.reply.summary).toBe('6212-1 X-wing Fighter: no minifigures in this set.');
    const byName = await run('set "x-wing fighter"');
    expect(byName.reply.title).toBe('6212-1 · X-wing Fighter');
    const ambiguous = await run('set ucs');
    expect(ambiguous.reply.summary).toBe(
      'Several sets match "ucs": 75192-1 Millennium Falcon - UCS {2nd edition} (2017); 10188-1 Death Star - UCS (2008). Give the number, e.g. set 75192.',
    );
  });

  it.each([
    ['EUR', '€'],
    ['GBP', '£'],
    ['JPY', '¥'],
  ])(
    'set 75192 %s: each row converted and rounded as shown, the part-out value their sum',
    async (code, symbol) => {
      const { reply } = await run(`set 75192 ${code}`, { quotes });
      const rate = testRate(code, '2026-11-26');
      const scale = 10 ** minorDigits(code);
      const boba = Math.round(95.505 * rate * scale);
      const vader = Math.round(20.124 * rate * scale);
      const total = money((boba + 2 * vader) / scale, code);
      expect(total.startsWith(symbol)).toBe(true);
      expect(reply.summary).toBe(
        `75192-1 Millennium Falcon - UCS {2nd edition}: part-out value ${total} (new), 3 of 5 figures priced, ratio to retail 0.16× US retail.`,
      );
      expect(blocksOf(reply, 'fields')[0]?.fields[0]).toEqual({
        label: 'Part-out value (new)',
        value: total,
        inline: true,
      });
      expect(blocksOf(reply, 'table')[0]?.rows.slice(0, 2)).toEqual([
        [
          'sw0002',
          'Boba Fett - Classic Grays',
          '1',
          money(boba / scale, code),
          'sold (9)',
          money(boba / scale, code),
        ],
        [
          'sw0004',
          'Darth Vader (Light Gray Hea…',
          '2',
          money(vader / scale, code),
          'asking (9)',
          money((2 * vader) / scale, code),
        ],
      ]);
      expect(reply.footer).toContain(`unpriced figures count as ${money(0, code)}`);
      expect(reply.footer).toContain(
        `${code}, converted from USD at ${rateText(code, rate)} (ECB, 2026-11-26)`,
      );
    },
  );

  it("answers in the asker's setting, else the channel's, and the option over both", async () => {
    const preferences = memoryPreferences();
    const context = { platform: 'test' as const, userId: 'U1', channelId: 'C1' };
    await preferences.setCurrency(
      { platform: 'test', workspaceId: '', scope: 'channel', scopeId: 'C1' },
      'JPY',
    );
    expect((await run('set 75192', { quotes, preferences }, context)).reply.summary).toContain('¥');
    await preferences.setCurrency({ platform: 'test', workspaceId: '', scope: 'user', scopeId: 'U1' }, 'GBP');
    expect((await run('set 75192', { quotes, preferences }, context)).reply.summary).toContain('£');
    expect((await run('set 75192 currency:EUR', { quotes, preferences }, context)).reply.summary).toContain(
      '€',
    );
    expect((await run('set 75192', { quotes, preferences })).reply.summary).toContain('$135.75');
  });

  it('autocompletes by number and name as "75192-1 · Name (year)"', async () => {
    const deps = fakeDeps();
    const dispatcher = createDispatcher({ commands, deps: () => deps });
    const byNumber = await dispatcher.autocomplete(
      { command: 'set', option: 'set', value: '751' },
      { platform: 'test' },
    );
    expect(byNumber).toEqual([
      { name: '75192-1 · Millennium Falcon - UCS {2nd edition} (2017)', value: '75192-1' },
    ]);
    const byName = await dispatcher.autocomplete(
      { command: 'set', option: 'set', value: 'death' },
      { platform: 'test' },
    );
    expect(byName.map((c) => c.value)).toEqual(['10188-1']);
  });
});

describe("price: a figure's sets", () => {
  it('adds "In sets: 75192 (retired 2019), 75060" when the inventories are known, and nothing otherwise', async () => {
    const sets = [
      {
        set: catalogueSet({
          setNo: '75192-1',
          name: 'Millennium Falcon',
          year: 2017,
          exitDate: '2019-12-31',
        }),
        inventory: [['sw0002', 1]] as [string, number][],
      },
      {
        set: catalogueSet({ setNo: '75060-1', name: 'Slave I - UCS', year: 2015 }),
        inventory: [['sw0002', 1]] as [string, number][],
      },
      {
        set: catalogueSet({ setNo: '6209-2', name: 'Slave I (variant)', year: 2006, exitDate: '2030-01-01' }),
        inventory: [['sw0002', 1]] as [string, number][],
      },
    ];
    const { reply } = await run('price sw0002', { sets });
    expect(blocksOf(reply, 'text').map((b) => b.text)).toContain(
      'In sets: 75192 (retired 2019), 75060, 6209-2',
    );
    const none = await run('price sw0004', { sets });
    expect(JSON.stringify(none.reply)).not.toContain('In sets');
    // 75060 is on sale and 6209-2 leaves in 2030: sw0002 is not retired.
    expect(JSON.stringify(reply)).not.toContain('Retired');
  });

  it('marks the figure "Retired 2019" under the title when every set it comes in is retired', async () => {
    const sets = [
      {
        set: catalogueSet({
          setNo: '75192-1',
          name: 'Millennium Falcon',
          year: 2017,
          exitDate: '2019-12-31',
        }),
        inventory: [['sw0002', 1]] as [string, number][],
      },
      {
        set: catalogueSet({ setNo: '6212-1', name: 'X-wing Fighter', year: 2006, exitDate: '2007-12-31' }),
        inventory: [['sw0002', 1]] as [string, number][],
      },
    ];
    const { reply } = await run('price sw0002', { sets });
    const texts = blocksOf(reply, 'text').map((b) => b.text);
    expect(texts[0]).toMatch(/ · Retired 2019$/);
    expect(texts).toContain('In sets: 75192 (retired 2019), 6212 (retired 2007)');
  });
});
