import type { EntityManager } from '@mikro-orm/postgresql';
import { divideRounded, formatScaled, pow10, toScaled } from '../core/decimal.js';
import { type ExchangeRateRow, knownCurrencies, ratesForRange } from '../db/repositories/exchange-rates.js';

/** price_listings.original_price and price_usd keep 4 decimals; exchange_rate keeps 10. */
const PRICE_SCALE = 4;
const RATE_SCALE = 10;
/** numeric(14, 4) and numeric(12, 4): the largest values the columns hold, in scaled units. */
const MAX_ORIGINAL = pow10(14);
const MAX_USD = pow10(12);
const DAY_MS = 86_400_000;

/**
 * ECB skips weekends and TARGET holidays; the longest gap (Maundy Thursday to Easter Tuesday) is
 * 5 days. A rate older than this means the fx job has not run, or the currency is gone (HRK after
 * Croatia joined the euro), and converting with it would be wrong, so the listing is rejected.
 */
export const DEFAULT_MAX_RATE_AGE_DAYS = 7;

export type ConversionResult =
  | {
      ok: true;
      /** Rounded half up to 4 decimals ("12.3400"). */
      priceUsd: string;
      /** The original price at 4 decimals, as stored. */
      originalPrice: string;
      currency: string;
      /** Units of `currency` per 1 USD, as stored in exchange_rates ("1" for USD). */
      rate: string;
      /** The ECB publication date of the rate used (the listing's date or the last one before). */
      rateDate: string | null;
    }
  | { ok: false; reason: string };

interface Series {
  days: Int32Array;
  dates: string[];
  rates: string[];
  scaled: bigint[];
}

/**
 * Rates for a batch of listings, loaded once (one sorted array per currency) and looked up by
 * binary search, so converting 100k listings costs two queries, not 100k. Arithmetic is exact:
 * price_usd = original / rate on scaled integers, rounded half up to 4 decimals.
 */
export class RateTable {
  private readonly series = new Map<string, Series>();

  constructor(
    rows: ExchangeRateRow[],
    private readonly known: Set<string>,
    private readonly maxRateAgeDays = DEFAULT_MAX_RATE_AGE_DAYS,
  ) {
    const grouped = new Map<string, ExchangeRateRow[]>();
    for (const r of rows) {
      const list = grouped.get(r.currency) ?? [];
      list.push(r);
      grouped.set(r.currency, list);
    }
    for (const [currency, list] of grouped) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      this.series.set(currency, {
        days: Int32Array.from(list, (r) => dayNumber(r.date)),
        dates: list.map((r) => r.date),
        rates: list.map((r) => r.rate),
        scaled: list.map((r) => toScaled(r.rate, RATE_SCALE) as bigint),
      });
      this.known.add(currency);
    }
  }

  convert(price: string, currency: string, at: Date): ConversionResult {
    const original = typeof price === 'string' ? toScaled(price.trim(), PRICE_SCALE) : null;
    if (original === null) return { ok: false, reason: `bad price ${JSON.stringify(price)}` };
    if (original === 0n) return { ok: false, reason: 'price is zero (no data)' };
    if (original >= MAX_ORIGINAL) return { ok: false, reason: `price ${price} is too large` };
    const originalPrice = formatScaled(original, PRICE_SCALE);
    const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
    if (code === 'USD')
      return { ok: true, priceUsd: originalPrice, originalPrice, currency: code, rate: '1', rateDate: null };
    if (!/^[A-Z]{3}$/.test(code) || !this.known.has(code)) {
      return {
        ok: false,
        reason: `unknown currency ${JSON.stringify(currency)}: no ECB reference rate exists for it`,
      };
    }
    const time = at.getTime();
    if (!Number.isFinite(time)) return { ok: false, reason: 'invalid timestamp' };
    const day = Math.floor(time / DAY_MS);
    const s = this.series.get(code);
    const i = s ? lastAtOrBefore(s.days, day) : -1;
    if (!s || i < 0) return { ok: false, reason: `no ${code} rate on or before ${isoDate(day)}` };
    const age = day - (s.days[i] as number);
    if (age > this.maxRateAgeDays) {
      return {
        ok: false,
        reason: `the last ${code} rate before ${isoDate(day)} is from ${s.dates[i]}, ${age} days earlier (run the fx job)`,
      };
    }
    const usd = divideRounded(original * pow10(RATE_SCALE), s.scaled[i] as bigint);
    if (usd >= MAX_USD) return { ok: false, reason: `price ${price} ${code} is too large` };
    return {
      ok: true,
      priceUsd: formatScaled(usd, PRICE_SCALE),
      originalPrice,
      currency: code,
      rate: s.rates[i] as string,
      rateDate: s.dates[i] as string,
    };
  }
}

/**
 * Loads what converting these listings needs: for every non-USD currency among them, its rates
 * from the last one on or before the earliest listing date to the latest listing date.
 */
export async function loadRateTable(
  em: EntityManager,
  listings: Iterable<{ currency: string; timestamp: Date }>,
  maxRateAgeDays = DEFAULT_MAX_RATE_AGE_DAYS,
): Promise<RateTable> {
  const currencies = new Set<string>();
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (const l of listings) {
    const code = typeof l.currency === 'string' ? l.currency.trim().toUpperCase() : '';
    const time = l.timestamp instanceof Date ? l.timestamp.getTime() : Number.NaN;
    if (code === 'USD' || !/^[A-Z]{3}$/.test(code) || !Number.isFinite(time)) continue;
    currencies.add(code);
    const day = Math.floor(time / DAY_MS);
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
  }
  if (currencies.size === 0) return new RateTable([], new Set(), maxRateAgeDays);
  const wanted = [...currencies];
  const rows = await ratesForRange(em, wanted, isoDate(minDay), isoDate(maxDay));
  const known = await knownCurrencies(em, wanted);
  return new RateTable(rows, known, maxRateAgeDays);
}

/** Index of the last element ≤ target in an ascending array, or -1. */
function lastAtOrBefore(days: Int32Array, target: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function dayNumber(isoDay: string): number {
  return Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
}

/** A listing's rate date is its UTC calendar date. */
function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
