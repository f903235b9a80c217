import { describe, expect, it } from 'vitest';
import { currencyCode } from '../../src/currency/currencies.js';
import { money } from '../../src/currency/format-money.js';
import { bookView, fixedRateView, USD_VIEW } from '../../src/currency/money-view.js';
import { RateBook } from '../../src/currency/rate-book.js';

describe('money in other currencies', () => {
  it('writes each currency as it is written', () => {
    expect([money(86.77, 'EUR'), money(71.2, 'GBP'), money(80.1, 'CHF'), money(12_300, 'JPY')]).toEqual([
      '€86.77',
      '£71.20',
      'CHF 80.10',
      '¥12,300',
    ]);
    expect([money(95.1, 'AUD'), money(12.5, 'SEK'), money(1234.5, 'EUR'), money(0.5, 'USD')]).toEqual([
      'A$95.10',
      'SEK 12.50',
      '€1,235',
      '$0.50',
    ]);
    // Yen have no minor unit: 98.6 yen is written ¥99.
    expect(money(98.6, 'JPY')).toBe('¥99');
  });

  it('reads codes in any case and the unambiguous symbols', () => {
    expect([currencyCode('eur'), currencyCode('€'), currencyCode(' GBP '), currencyCode('£')]).toEqual([
      'EUR',
      'EUR',
      'GBP',
      'GBP',
    ]);
    expect([currencyCode('TWD'), currencyCode('mint'), currencyCode('HRK')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  const book = new RateBook([
    { date: '2026-12-03', currency: 'EUR', rate: '0.8600' },
    { date: '2026-12-04', currency: 'EUR', rate: '0.8700' },
    { date: '2026-12-04', currency: 'JPY', rate: '155.2' },
  ]);

  it("converts a day's figure at that day's rate, a weekend at Friday's", () => {
    expect(book.on('EUR', '2026-12-03')).toEqual({ rate: 0.86, date: '2026-12-03' });
    expect(book.on('EUR', '2026-12-06')).toEqual({ rate: 0.87, date: '2026-12-04' });
    expect(book.on('EUR', '2026-12-02')).toBeUndefined();
    expect(book.on('GBP', '2026-12-04')).toBeUndefined();
    const view = bookView('EUR', book, '2026-12-06');
    expect(view.show(100, '2026-12-03')).toBe('€86.00');
    expect(view.show(100)).toBe('€87.00');
    expect(view.note()).toBe(
      "EUR, converted from USD at each day's ECB rate (2026-12-03 to 2026-12-04; 1 USD = 0.8700 EUR on 2026-12-04)",
    );
  });

  it('names the one rate used, and falls back to USD with a reason when no rate is stored', () => {
    const yen = bookView('JPY', book, '2026-12-06');
    expect(yen.show(79.25)).toBe('¥12,300');
    expect(yen.note()).toBe('JPY, converted from USD at 1 USD = 155.20 JPY (ECB, 2026-12-04)');
    const pounds = bookView('GBP', book, '2026-12-06');
    expect(pounds.code).toBe('USD');
    expect(pounds.show(10)).toBe('$10.00');
    expect(pounds.note()).toMatch(/No GBP rate is stored yet/);
    expect(USD_VIEW.note()).toBeUndefined();
    expect(fixedRateView('GBP', { rate: 0.75, date: '2026-12-04' }).show(100)).toBe('£75.00');
  });

  it('converts at the newest stored rate however old, and says when it is stale', () => {
    // A week after Friday's rate is still current (ECB's longest pause is four days)...
    expect(bookView('EUR', book, '2026-12-11').note()).toBe(
      'EUR, converted from USD at 1 USD = 0.8700 EUR (ECB, 2026-12-04)',
    );
    // ...past that the amounts are still converted, and the footer says how old the rate is.
    const late = bookView('EUR', book, '2027-01-04');
    expect(late.code).toBe('EUR');
    expect(late.show(100)).toBe('€87.00');
    expect(late.note()).toBe(
      'EUR, converted from USD at 1 USD = 0.8700 EUR (ECB, 2026-12-04) · ' +
        "Stale rate: the newest stored EUR rate is 31 days old (the fx job loads ECB's later ones: npx minifig job run fx)",
    );
    const chart = bookView('EUR', book, '2027-01-04');
    chart.fromUsd(100, '2026-12-03');
    chart.fromUsd(100, '2027-01-01');
    expect(chart.note()).toMatch(
      /^EUR, converted from USD at each day's ECB rate \(2026-12-03 to 2026-12-04; .*Stale rate: .* 31 days old/,
    );
  });
});
