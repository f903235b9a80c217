import { divideDecimals } from '../../core/decimal.js';
import type { EcbDay, UsdRate } from './types.js';

/** exchange_rates.rate is numeric(20, 10). */
export const RATE_SCALE = 10;

/**
 * Re-bases one ECB day from EUR to USD: units of each currency per 1 USD, exactly
 * ecb(currency) / ecb(USD) rounded half up to 10 places; EUR = 1 / ecb(USD); USD = 1.
 * A day without a USD quote cannot be re-based and yields nothing (ECB has quoted USD every day
 * since 1999, so this only guards against a damaged file).
 */
export function toUsdRates(day: EcbDay): UsdRate[] {
  const usd = day.rates.get('USD');
  if (!usd) return [];
  const out: UsdRate[] = [
    { date: day.date, currency: 'USD', rate: '1' },
    { date: day.date, currency: 'EUR', rate: divideDecimals('1', usd, RATE_SCALE) as string },
  ];
  for (const [currency, eurRate] of day.rates) {
    if (currency === 'USD' || currency === 'EUR') continue;
    const rate = divideDecimals(eurRate, usd, RATE_SCALE);
    // A rate so small that it rounds to 0 at 10 places cannot be stored (rate > 0); none exists.
    if (rate && rate !== '0.0000000000') out.push({ date: day.date, currency, rate });
  }
  return out;
}
