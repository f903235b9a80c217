/**
 * The currencies prices can be shown in: USD (what prices are stored in) and every currency ECB
 * publishes a euro reference rate for. Rates against USD are in `exchange_rates` (units per 1 USD).
 */

/** ECB's reference-rate currencies (its daily list), plus EUR itself. */
export const ECB_CURRENCIES = [
  'EUR',
  'AUD',
  'BGN',
  'BRL',
  'CAD',
  'CHF',
  'CNY',
  'CZK',
  'DKK',
  'GBP',
  'HKD',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'ISK',
  'JPY',
  'KRW',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PHP',
  'PLN',
  'RON',
  'SEK',
  'SGD',
  'THB',
  'TRY',
  'ZAR',
] as const;

export const BASE_CURRENCY = 'USD';

/** Every code a user may choose, USD first. */
export const CURRENCIES: readonly string[] = [BASE_CURRENCY, ...ECB_CURRENCIES];
const KNOWN = new Set(CURRENCIES);

/** Symbols people type for the currencies whose symbol is unambiguous. */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  $: 'USD',
  '₹': 'INR',
  '₩': 'KRW',
};

/** "eur", "EUR", "€" → "EUR"; anything else → undefined. */
export function currencyCode(text: string): string | undefined {
  const t = text.trim();
  const symbol = SYMBOLS[t];
  if (symbol) return symbol;
  const code = t.toUpperCase();
  return KNOWN.has(code) ? code : undefined;
}

export function isCurrencyCode(text: string): boolean {
  return currencyCode(text) !== undefined;
}
