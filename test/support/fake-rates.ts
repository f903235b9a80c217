/**
 * Exchange rates and preferences for tests without a database: ECB-like weekday rates against USD
 * (EUR moves a little each day, so "that day's rate" is visible), and preferences kept in a Map.
 */
import { RateBook, type RateRow } from '../../src/currency/rate-book.js';
import type { ExchangeRateRow } from '../../src/db/repositories/exchange-rates.js';
import type { PreferenceKey, PreferenceScope } from '../../src/db/repositories/preferences.js';
import type { ExchangeRates, PreferenceStore } from '../../src/deps.js';

/** Units per USD on the first day; EUR drifts up by 0.0001 per weekday after it. */
export const BASE_RATES: Record<string, number> = { EUR: 0.86, GBP: 0.75, JPY: 155.2, CHF: 0.8 };

export function testRateRows(from = '2025-10-01', to = '2026-12-31'): RateRow[] {
  const rows: RateRow[] = [];
  let step = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const date = day.toISOString().slice(0, 10);
    for (const [currency, rate] of Object.entries(BASE_RATES)) {
      const value = currency === 'EUR' ? rate + step * 0.0001 : rate;
      rows.push({ date, currency, rate: value.toFixed(4) });
    }
    step++;
  }
  return rows;
}

/**
 * One rate per day and currency for the `days` days up to `now`, each currency at its fixed rate;
 * `overrides` ('EUR 2026-11-20': 0.95) sets one day's rate apart, to see that day's rate used.
 */
export function flatRateRows(
  now: Date,
  rates: Record<string, number>,
  days: number,
  overrides: Record<string, number> = {},
): ExchangeRateRow[] {
  const rows: ExchangeRateRow[] = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    for (const [currency, rate] of Object.entries(rates)) {
      rows.push({ date, currency, rate: String(overrides[`${currency} ${date}`] ?? rate) });
    }
  }
  return rows;
}

/** The rate a test expects for `currency` on `date` (a weekday in the fake range). */
export function testRate(currency: string, date: string): number {
  const book = new RateBook(testRateRows());
  return (book.on(currency, date) as { rate: number }).rate;
}

export function fakeRates(rows: RateRow[] = testRateRows()): ExchangeRates {
  const book = new RateBook(rows);
  return { book: async () => book };
}

export function memoryPreferences(): PreferenceStore & { stored: Map<string, string> } {
  const stored = new Map<string, string>();
  const id = (k: PreferenceKey) => `${k.platform}|${k.workspaceId}|${k.scope}|${k.scopeId}`;
  return {
    stored,
    async currencies(keys) {
      const out: Partial<Record<PreferenceScope, string>> = {};
      for (const k of keys) {
        const c = stored.get(id(k));
        if (c) out[k.scope] = c;
      }
      return out;
    },
    async setCurrency(key, currency) {
      if (currency === null) stored.delete(id(key));
      else stored.set(id(key), currency);
    },
  };
}
