/**
 * How a reply shows money: in the asker's currency, each amount converted from USD at the ECB rate
 * of its own day, and a footer note that names the rate and its date. Reply builders take a
 * MoneyView and call `show(usd, date)` where they used to print dollars; USD_VIEW changes nothing.
 */
import { minorDigits, money } from './format-money.js';
import type { RateBook, UsdRate } from './rate-book.js';

export interface MoneyView {
  /** The currency amounts are shown in. */
  readonly code: string;
  /** A USD amount of the UTC day `date` (YYYY-MM-DD; the latest rate when omitted) in this currency. */
  fromUsd(usd: number, date?: string): number;
  /** `fromUsd`, written as the currency is written (€86.77). */
  show(usd: number, date?: string): string;
  /** What the footer should say about the conversion; undefined for USD. */
  note(): string | undefined;
}

export const USD_VIEW: MoneyView = {
  code: 'USD',
  fromUsd: (usd) => usd,
  show: (usd) => money(usd, 'USD'),
  note: () => undefined,
};

/** "1 USD = 0.8612 EUR": four decimals for rates under 10, two above (155.43 JPY). */
export function rateText(code: string, rate: number): string {
  return `1 USD = ${rate.toFixed(rate < 10 ? 4 : 2)} ${code}`;
}

/**
 * A rate this many days older than the day it is used for is called stale in the footer. ECB
 * publishes every TARGET working day; its longest pause (Easter, Christmas) is four days.
 */
export const STALE_RATE_DAYS = 7;

/** Whole days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Amounts of any day converted at that day's rate (or the last before it) from `book`. When the
 * newest rate on or before `today` is stale (no newer one stored: the fx job has not reached ECB,
 * or only the bundled history is loaded), amounts are still converted at it and the note says how
 * old it is.
 */
export function bookView(code: string, book: RateBook, today: string): MoneyView {
  if (code === 'USD') return USD_VIEW;
  const latest = book.on(code, today);
  if (!latest) return missingRateView(code);
  const age = daysBetween(latest.date, today);
  const stale =
    age > STALE_RATE_DAYS
      ? ` · Stale rate: the newest stored ${code} rate is ${age} days old (the fx job loads ECB's later ones: npx minifig job run fx)`
      : '';
  const used = new Map<string, number>();
  const rateOf = (date?: string): UsdRate => (date === undefined ? latest : (book.on(code, date) ?? latest));
  const fromUsd = (usd: number, date?: string) => {
    const r = rateOf(date);
    used.set(r.date, r.rate);
    return usd * r.rate;
  };
  return {
    code,
    fromUsd,
    show: (usd, date) => money(fromUsd(usd, date), code),
    note() {
      // Nothing converted yet (an empty list): name the rate amounts would be converted at.
      if (used.size === 0) used.set(latest.date, latest.rate);
      const dates = [...used.keys()].sort();
      const last = dates[dates.length - 1] as string;
      const lastRate = rateText(code, used.get(last) as number);
      if (dates.length === 1) return `${code}, converted from USD at ${lastRate} (ECB, ${last})${stale}`;
      return `${code}, converted from USD at each day's ECB rate (${dates[0]} to ${last}; ${lastRate} on ${last})${stale}`;
    },
  };
}

/** Amounts converted at one given rate: a notification carries the rate it was decided with. */
export function fixedRateView(code: string, rate: UsdRate): MoneyView {
  if (code === 'USD') return USD_VIEW;
  const fromUsd = (usd: number) => usd * rate.rate;
  return {
    code,
    fromUsd,
    show: (usd) => money(fromUsd(usd), code),
    note: () => `${code}, converted from USD at ${rateText(code, rate.rate)} (ECB, ${rate.date})`,
  };
}

/** The currency was asked for but no rate is stored yet (a fresh install before the fx job): USD, and why. */
/** bookView when `book` holds a rate of `code` on or before `today`, else null (USD: always a view). */
export function ratedView(code: string, book: RateBook | null, today: string): MoneyView | null {
  if (code === 'USD') return USD_VIEW;
  return book?.on(code, today) ? bookView(code, book, today) : null;
}

function missingRateView(code: string): MoneyView {
  return {
    ...USD_VIEW,
    note: () => `No ${code} rate is stored yet (the fx job fetches ECB's daily), so prices are in USD`,
  };
}

/** The reply's footer with the view's conversion note added. */
export function footerWith(footer: string | undefined, view: MoneyView): string | undefined {
  const note = view.note();
  if (!note) return footer;
  return footer ? `${footer} · ${note}` : note;
}

/**
 * Amounts counted in whole minor units (cents, or yen) of the view's currency, each converted and
 * rounded as it is shown, so totals of shown amounts add up exactly (Value − Paid is the Gain shown).
 */
export function minorUnits(view: MoneyView): {
  /** A USD amount of the day `date` (the latest rate when omitted), in minor units. */
  of(usd: number, date?: string): number;
  /** Minor units written as the currency is written. */
  show(units: number): string;
} {
  const scale = 10 ** minorDigits(view.code);
  return {
    of: (usd, date) => Math.round(view.fromUsd(usd, date) * scale),
    show: (units) => money(units / scale, view.code),
  };
}
