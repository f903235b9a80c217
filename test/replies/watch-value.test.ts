import { describe, expect, it } from 'vitest';
import type { WatchItem } from '../../src/alerts/store.js';
import { bookView } from '../../src/currency/money-view.js';
import { RateBook } from '../../src/currency/rate-book.js';
import { type ValuedItem, watchValueReply } from '../../src/replies/watchlist.js';
import { FIGURES } from '../support/fake-deps.js';

const item = (price: number, paid: number, quantity: number): ValuedItem => ({
  item: {
    figure: FIGURES.sw0002,
    condition: 'used',
    quantity,
    paid: { amount: paid, currency: 'USD', usd: paid, on: null },
  } as WatchItem,
  price,
  basis: 'sold',
  listingCount: 5,
});

/** "$1,215.08" → 121508 cents; "¥12,300" → 12300. */
const units = (text: string, digits: number) =>
  Math.round(Number(text.replace(/[^\d.]/g, '')) * 10 ** digits);

describe('watch value', () => {
  const valued = [item(71.694_9, 50, 3), item(0.335, 0.1, 7), item(33.333_3, 33.333_3, 1)];

  it('shows a gain that is exactly the value shown minus the paid shown', () => {
    const reply = watchValueReply(valued);
    const fields = reply.blocks.find((b) => b.type === 'fields');
    const [value, paid, gain] = fields?.type === 'fields' ? fields.fields.map((f) => f.value) : [];
    // Each unit price is counted as shown ($71.69, $0.34, $33.33): $215.07 + $2.38 + $33.33, times its quantity.
    expect([value, paid]).toEqual(['$250.78', '$184.03']);
    expect(gain).toBe('+$66.75 (+36.3%)');
    expect(units(value as string, 2) - units(paid as string, 2)).toBe(
      units((gain as string).split(' ')[0] as string, 2),
    );
  });

  it('does the same in a currency without minor units', () => {
    const book = new RateBook([{ date: '2026-11-26', currency: 'JPY', rate: '155.37' }]);
    const reply = watchValueReply(valued, bookView('JPY', book, '2026-11-26'));
    const fields = reply.blocks.find((b) => b.type === 'fields');
    const [value, paid, gain] = fields?.type === 'fields' ? fields.fields.map((f) => f.value) : [];
    expect(value?.startsWith('¥')).toBe(true);
    expect(units(value as string, 0) - units(paid as string, 0)).toBe(
      units((gain as string).split(' ')[0] as string, 0),
    );
    expect(reply.footer).toContain('JPY, converted from USD at 1 USD = 155.37 JPY (ECB, 2026-11-26)');
  });
});
