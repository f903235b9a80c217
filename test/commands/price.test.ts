import { describe, expect, it } from 'vitest';
import { money } from '../../src/currency/format-money.js';
import { rateText } from '../../src/currency/money-view.js';
import type { ConditionQuote, PriceQuote } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';
import { memoryPreferences, testRate } from '../support/fake-rates.js';
import { blocksOf, run } from './harness.js';

const NEW: ConditionQuote = {
  condition: 'new',
  basis: 'sold',
  windowDays: 30,
  listingCount: 12,
  median: 95.5,
  min: 70,
  max: 1250,
  lowConfidence: false,
  change7d: 0.052,
  change30d: -0.0312,
  bySource: [
    { source: 'BrickLink', listingCount: 8, median: 97 },
    { source: 'eBay', listingCount: 4, median: 90.25 },
  ],
};
const USED: ConditionQuote = {
  condition: 'used',
  basis: 'asking',
  windowDays: 90,
  listingCount: 2,
  median: 40,
  min: 35,
  max: 45,
  lowConfidence: true,
  change7d: null,
  change30d: null,
  bySource: [{ source: 'eBay', listingCount: 2, median: 40 }],
};
const QUOTE: PriceQuote = {
  figure: FIGURES.sw0002,
  conditions: [NEW, USED],
  asOf: new Date('2026-11-26T09:30:00Z'),
  sources: ['BrickLink', 'eBay'],
};
const quotes = new Map([['sw0002', QUOTE]]);

describe('price', () => {
  it('shows the headline per condition with its basis, range and changes', async () => {
    const { reply } = await run('price sw0002', { quotes });
    expect(reply.title).toBe('sw0002 · Boba Fett - Classic Grays');
    expect(reply.summary).toBe('sw0002 Boba Fett - Classic Grays: new $95.50, used $40.00');
    expect(reply.tone).toBe('positive');
    const [newFields, usedFields] = blocksOf(reply, 'fields');
    expect(newFields?.fields).toEqual([
      { label: 'New', value: '$95.50\nmedian of 12 sold listings, last 30 days' },
      { label: 'Range', value: '$70.00 – $1,250', inline: true },
      { label: '7 days', value: '+5.2%', inline: true },
      { label: '30 days', value: '−3.1%', inline: true },
    ]);
    expect(usedFields?.fields[0]?.value).toBe(
      '$40.00\nmedian of 2 asking listings, last 90 days; few listings: low confidence',
    );
    expect(usedFields?.fields.slice(2).map((f) => f.value)).toEqual(['n/a', 'n/a']);
  });

  it('shows name, theme, year, the BrickLink image, per-source figures and an as-of footer', async () => {
    const { reply } = await run('price sw0002', { quotes });
    expect(blocksOf(reply, 'text')[0]?.text).toBe('Star Wars · 2000');
    expect(reply.thumbnail).toEqual({
      url: 'https://img.bricklink.com/ItemImage/MN/0/sw0002.png',
      alt: 'Boba Fett - Classic Grays',
    });
    expect(blocksOf(reply, 'table')[0]?.rows).toEqual([
      ['BrickLink', 'new', '$97.00', '8'],
      ['eBay', 'new', '$90.25', '4'],
      ['eBay', 'used', '$40.00', '2'],
    ]);
    expect(reply.footer).toBe('As of 2026-11-26 09:30 UTC · Sources: BrickLink, eBay');
    expect(reply.ephemeral).toBeUndefined();
  });

  it('asks for one condition when given, by name or position', async () => {
    const { reply, deps } = await run('price "Boba Fett - Classic Grays" used', { quotes });
    expect(deps.calls.find((c) => c.method === 'quote')?.args).toEqual(['sw0002', 'used']);
    expect(blocksOf(reply, 'fields')).toHaveLength(1);
    expect(reply.summary).toBe('sw0002 Boba Fett - Classic Grays: used $40.00');
  });

  it('says there is no price yet, still naming the figure', async () => {
    const { reply } = await run('price sw0004a');
    expect(reply.summary).toBe('sw0004a Darth Vader (Light Bluish Gray Head): no prices yet.');
    expect(reply.ephemeral).toBeUndefined();
    expect(reply.thumbnail?.url).toBe('https://img.bricklink.com/ItemImage/MN/0/sw0004a.png');
  });
});

describe('price in the collector currency', () => {
  // The fake rates (test/support/fake-rates.ts): 2026-11-26 is a Thursday with its own EUR rate.
  it.each([
    ['EUR', '€'],
    ['GBP', '£'],
    ['JPY', '¥'],
  ])('price sw0002 %s converts at the rate of the day and says so', async (code, symbol) => {
    const { reply } = await run(`price sw0002 ${code.toLowerCase()}`, { quotes });
    const rate = testRate(code, '2026-11-26');
    const [newFields] = blocksOf(reply, 'fields');
    expect(newFields?.fields[0]?.value).toBe(
      `${money(95.5 * rate, code)}\nmedian of 12 sold listings, last 30 days`,
    );
    expect(newFields?.fields[0]?.value.startsWith(symbol)).toBe(true);
    expect(reply.summary).toBe(
      `sw0002 Boba Fett - Classic Grays: new ${money(95.5 * rate, code)}, used ${money(40 * rate, code)}`,
    );
    expect(reply.footer).toContain(
      `${code}, converted from USD at ${rateText(code, rate)} (ECB, 2026-11-26)`,
    );
  });

  it('uses the personal setting, then the channel default, and the option over both', async () => {
    const preferences = memoryPreferences();
    const context = { platform: 'test' as const, userId: 'U1', channelId: 'C1' };
    await preferences.setCurrency(
      { platform: 'test', workspaceId: '', scope: 'channel', scopeId: 'C1' },
      'GBP',
    );
    expect((await run('price sw0002', { quotes, preferences }, context)).reply.summary).toContain('£');
    await preferences.setCurrency({ platform: 'test', workspaceId: '', scope: 'user', scopeId: 'U1' }, 'EUR');
    expect((await run('price sw0002', { quotes, preferences }, context)).reply.summary).toContain('€');
    expect(
      (await run('price sw0002 currency:JPY', { quotes, preferences }, context)).reply.summary,
    ).toContain('¥');
    expect(
      (await run('price sw0002', { quotes, preferences }, { platform: 'test' })).reply.summary,
    ).toContain('$95.50');
  });

  it('names the option when the currency is not one ECB publishes', async () => {
    const { reply } = await run('price sw0002 currency:TWD', { quotes });
    expect(reply.ephemeral).toBe(true);
    expect(reply.summary).toMatch(/^currency must be USD or a currency ECB publishes a rate for \(EUR, /);
  });
});
