import { describe, expect, it } from 'vitest';
import { parseAlertValue } from '../../src/alerts/rules.js';
import { readTypedAmount } from '../../src/currency/typed-amount.js';
import { requireAmount } from '../../src/portfolio/paid.js';

describe('amounts as people type them', () => {
  it('reads the amount and the currency named before or after it', () => {
    expect(readTypedAmount('12.50')).toEqual({ amount: 12.5, currency: undefined });
    expect(readTypedAmount(' $12.50 ')).toEqual({ amount: 12.5, currency: 'USD' });
    expect(readTypedAmount('€50')).toEqual({ amount: 50, currency: 'EUR' });
    expect(readTypedAmount('50€')).toEqual({ amount: 50, currency: 'EUR' });
    expect(readTypedAmount('50 eur')).toEqual({ amount: 50, currency: 'EUR' });
    expect(readTypedAmount('£0.99')).toEqual({ amount: 0.99, currency: 'GBP' });
  });

  it('reads zero, which a price paid may be and an alert threshold may not', () => {
    expect(readTypedAmount('0')).toEqual({ amount: 0, currency: undefined });
    expect(readTypedAmount('€0.00')).toEqual({ amount: 0, currency: 'EUR' });
    expect(requireAmount('0 EUR')).toEqual({ amount: 0, currency: 'EUR' });
    expect(() => parseAlertValue('below', '0 EUR')).toThrow(/needs a price such as 12.50/);
  });

  it('refuses two currencies, an unknown code, too much and what is not an amount', () => {
    for (const text of ['$50 EUR', '50 XYZ', '1000001', '12,50', 'fifty', '', '-5', '5.12345']) {
      expect(readTypedAmount(text), text).toBeUndefined();
    }
    expect(readTypedAmount('1000000')).toEqual({ amount: 1_000_000, currency: undefined });
    expect(() => requireAmount('fifty bucks and more', 'paid')).toThrow(
      'paid must be an amount such as 12.50, €50 or 50 EUR (any currency ECB publishes), not "fifty bucks and more".',
    );
  });
});
