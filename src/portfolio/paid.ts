/**
 * Prices paid, in the currency they were paid in. `watch add sw0002 paid:50 EUR`, `paid:€50`, or a
 * bare `paid:50` in the user's currency (their setting, else the channel's, else USD: the order
 * replies are shown in), read with the price syntax of `alert add`. A price is kept as given, with
 * its USD amount at that day's ECB rate; it is shown as given, or converted at that day's rate.
 */
import type { PaidPrice } from '../alerts/store.js';
import { UserError } from '../core/errors.js';
import { minorDigits } from '../currency/format-money.js';
import type { MoneyView } from '../currency/money-view.js';
import type { RateBook } from '../currency/rate-book.js';
import { readTypedAmount, type TypedAmount } from '../currency/typed-amount.js';

export type { PaidPrice };

/** The amount typed in `text` (0 allowed: a gift), or a UserError naming the option. */
export function requireAmount(text: string, option = 'paid'): TypedAmount {
  const read = readTypedAmount(text);
  if (read) return read;
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  throw new UserError(
    `${option} must be an amount such as 12.50, €50 or 50 EUR (any currency ECB publishes), not "${shown}".`,
  );
}

/** USD amounts are stored with four decimals. */
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * A price paid of `amount` in `currency`, given on `today` (YYYY-MM-DD): with its USD amount at
 * the ECB rate of that day (the last published on or before it). A currency without a stored rate
 * is refused, as alerts refuse a threshold in it.
 */
export function paidPrice(amount: number, currency: string, book: RateBook | null, today: string): PaidPrice {
  if (currency === 'USD') return { amount, currency, usd: amount, on: today };
  const rate = book?.on(currency, today);
  if (!rate) {
    throw new UserError(
      `No ${currency} rate is stored yet (the fx job fetches ECB's daily), so a price paid in ${currency} could not be stored. Give it in USD for now (paid:50 USD).`,
    );
  }
  return { amount, currency, usd: round4(amount / rate.rate), on: today };
}

/**
 * A price paid per figure in the view's currency: exactly as given when it was paid in that
 * currency; otherwise its USD amount at the rate of the day it was given (the latest rate for a
 * price stored before currencies), so it is what the figure cost in that currency then.
 */
export function paidIn(view: MoneyView, paid: PaidPrice): number {
  if (paid.currency === view.code) return paid.amount;
  return view.fromUsd(paid.usd, paid.on ?? undefined);
}

/** paidIn in whole minor units (cents, or yen) of the view's currency, as it is shown. */
export function paidMinorUnits(view: MoneyView, paid: PaidPrice): number {
  return Math.round(paidIn(view, paid) * 10 ** minorDigits(view.code));
}
