/**
 * An amount of money as people type it: "12.50", "$12.50", "€50", "50€", "50 EUR", "50eur". A symbol
 * or an ECB currency code may stand before or after the amount; at most one currency is named.
 */
import { currencyCode } from './currencies.js';

/** An amount as typed, and the currency it names (undefined: none named). */
export interface TypedAmount {
  amount: number;
  currency: string | undefined;
}

/** The largest amount anyone types for a minifigure; anything above is a typo. */
const MAX_TYPED_AMOUNT = 1_000_000;

const AMOUNT = /^(?:([$€£¥])\s*)?(\d{1,7}(?:\.\d{1,4})?)\s*([a-z]{3}|[$€£¥])?$/i;

/** The amount (0 up to MAX_TYPED_AMOUNT) and the currency `text` names; undefined when it is not one. */
export function readTypedAmount(text: string): TypedAmount | undefined {
  const m = AMOUNT.exec(text.trim());
  if (!m) return undefined;
  const amount = Number(m[2]);
  const codes = [m[1], m[3]].filter((x): x is string => x !== undefined).map((x) => currencyCode(x));
  if (amount > MAX_TYPED_AMOUNT || codes.some((c) => c === undefined) || new Set(codes).size > 1)
    return undefined;
  return { amount, currency: codes[0] };
}
