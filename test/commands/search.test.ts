import { describe, expect, it } from 'vitest';
import { money } from '../../src/currency/format-money.js';
import { FIGURES, figure } from '../support/fake-deps.js';
import { testRate } from '../support/fake-rates.js';
import { blocksOf, run } from './harness.js';

describe('search', () => {
  it('lists matches with item numbers, year, theme and the stored headline prices', async () => {
    const storedHeadlines = [
      { figureId: FIGURES.sw0002.id, condition: 'used' as const, date: '2026-11-25', price: 30 },
      { figureId: FIGURES.sw0002.id, condition: 'used' as const, date: '2026-11-26', price: 31.5 },
      { figureId: FIGURES.sw0002a.id, condition: 'new' as const, date: '2026-11-26', price: 80 },
    ];
    const { reply } = await run('search boba fett', { storedHeadlines });
    expect(reply.summary).toBe('2 figures for "boba fett"');
    expect(blocksOf(reply, 'table')[0]?.rows).toEqual([
      ['sw0002', 'Boba Fett - Classic Grays', '2000', 'Star Wars', '–', '$31.50'],
      ['sw0002a', 'Boba Fett - Bluish Grays', '2006', 'Star Wars', '$80.00', '–'],
    ]);
    // In another currency, at the rate of the headline's day, named in the footer.
    const euros = await run('search boba fett currency:EUR', { storedHeadlines });
    expect(blocksOf(euros.reply, 'table')[0]?.rows[0]?.[5]).toBe(
      money(31.5 * testRate('EUR', '2026-11-26'), 'EUR'),
    );
    expect(euros.reply.footer).toMatch(/EUR, converted from USD at 1 USD = 0\.\d{4} EUR \(ECB, 2026-11-26\)/);
  });

  it('resolves the theme filter to the catalogue spelling and passes the year', async () => {
    const { reply, deps } = await run('search "darth vader" "star wars" 2004');
    expect(deps.calls.find((c) => c.method === 'searchNames')?.args).toEqual([
      'darth vader',
      { theme: 'Star Wars', year: 2004 },
      10,
    ]);
    expect(blocksOf(reply, 'table')[0]?.rows.map((r) => r[0])).toEqual(['sw0004a']);
    expect(reply.summary).toBe('1 figure for "darth vader" in Star Wars, 2004');
  });

  it('finds an item number typed as the query, and fills up with close spellings', async () => {
    const { reply } = await run('search sw0004a');
    expect(blocksOf(reply, 'table')[0]?.rows[0]?.[0]).toBe('sw0004a');
    const misspelt = await run('search "Darth Vadr (Light Gray Head)"');
    expect(misspelt.reply.summary).toMatch(/by similar spelling/);
    expect(blocksOf(misspelt.reply, 'table')[0]?.rows[0]?.[0]).toBe('sw0004');
  });

  it('shows at most 10', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      figure(`cty${1000 + i}`, `Police Officer ${i}`, 'Town', 2010),
    );
    const { reply } = await run('search police officer', { figures: many });
    expect(blocksOf(reply, 'table')[0]?.rows).toHaveLength(10);
    expect(reply.summary).toBe('The best 10 figures for "police officer"');
  });

  it('says when nothing matches', async () => {
    const { reply } = await run('search qqqq year:1999');
    expect(reply.summary).toBe(
      'No figures match "qqqq" in 1999. Try fewer words, another spelling, or no filters.',
    );
  });
});
