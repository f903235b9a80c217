import { describe, expect, it } from 'vitest';
import { DEFAULT_HYSTERESIS, describeRule, parseAlertValue } from '../../src/alerts/rules.js';
import { UserError } from '../../src/core/errors.js';

describe('alert values', () => {
  it('reads prices, percentages and look-backs the way people type them', () => {
    expect(parseAlertValue('below', '$12.50')).toEqual({
      threshold: 12.5,
      direction: null,
      periodDays: null,
      hysteresis: 0.05,
      currency: 'USD',
    });
    expect(parseAlertValue('above', '40 usd').threshold).toBe(40);
    expect(parseAlertValue('change', '+15%')).toMatchObject({
      threshold: 15,
      direction: 'up',
      periodDays: 7,
    });
    expect(parseAlertValue('change', '−8', '30d')).toMatchObject({
      threshold: 8,
      direction: 'down',
      periodDays: 30,
    });
    expect(parseAlertValue('change', '±20%', '1d')).toMatchObject({ direction: 'any', periodDays: 1 });
    expect(parseAlertValue('change', '20')).toMatchObject({
      direction: 'any',
      hysteresis: DEFAULT_HYSTERESIS.change,
    });
    expect(parseAlertValue('new-low', '90d')).toMatchObject({ threshold: 0, periodDays: 90 });
    expect(parseAlertValue('deal', '30%')).toMatchObject({ threshold: 30, hysteresis: 0 });
  });

  it('reads a price in any ECB currency, by symbol or code, or in the default given', () => {
    expect(parseAlertValue('below', '€50')).toMatchObject({ threshold: 50, currency: 'EUR' });
    expect(parseAlertValue('below', '50 eur')).toMatchObject({ threshold: 50, currency: 'EUR' });
    expect(parseAlertValue('above', '71.20£')).toMatchObject({ threshold: 71.2, currency: 'GBP' });
    expect(parseAlertValue('below', '12300 JPY')).toMatchObject({ threshold: 12300, currency: 'JPY' });
    expect(parseAlertValue('below', '50', undefined, 'CHF')).toMatchObject({
      threshold: 50,
      currency: 'CHF',
    });
    expect(parseAlertValue('change', '15%', undefined, 'EUR')).toMatchObject({ currency: 'USD' });
    for (const value of ['50 TWD', '€50 GBP', '50 abc']) {
      expect(() => parseAlertValue('below', value), value).toThrow(/such as 12.50, €50 or 50 EUR/);
    }
    expect(
      describeRule({ kind: 'below', threshold: 50, currency: 'EUR', direction: null, periodDays: null }),
    ).toBe('below €50.00');
    expect(
      describeRule({ kind: 'above', threshold: 12300, currency: 'JPY', direction: null, periodDays: null }),
    ).toBe('above ¥12,300');
  });

  it('refuses values that make no sense for the kind, with what it expects', () => {
    for (const [kind, value] of [
      ['below', '0'],
      ['below', '-5'],
      ['above', '5000000'],
      ['below', "5'; drop table alerts; --"],
      ['change', '0%'],
      ['change', 'lots'],
      ['new-low', '45'],
      ['deal', '-30%'],
      ['deal', '99%'],
    ] as const) {
      expect(() => parseAlertValue(kind, value), `${kind} ${value}`).toThrow(UserError);
    }
  });

  it('describes an alert in a few words', () => {
    expect(describeRule({ kind: 'below', threshold: 12.5, direction: null, periodDays: null })).toBe(
      'below $12.50',
    );
    expect(describeRule({ kind: 'change', threshold: 15, direction: 'down', periodDays: 1 })).toBe(
      'a 15% drop over 1 day',
    );
    expect(describeRule({ kind: 'new-low', threshold: 0, direction: null, periodDays: 60 })).toBe(
      'a new 60-day low',
    );
  });
});
