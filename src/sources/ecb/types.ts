/**
 * One ECB publication day: euro foreign exchange reference rates, `rates` being units of each
 * currency per 1 EUR as ECB prints them (decimal strings, never floats).
 */
export interface EcbDay {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  rates: Map<string, string>;
}

/** A rate as we store it: units of `currency` per 1 USD on `date`. */
export interface UsdRate {
  date: string;
  currency: string;
  /** A decimal string with up to 10 fraction digits (exchange_rates.rate is numeric(20, 10)). */
  rate: string;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CURRENCY_CODE = /^[A-Z]{3}$/;
export const ECB_RATE = /^\d+(\.\d+)?$/;

/** An ECB file is not what we expected (an HTML error page, a truncated body, a changed format). */
export class EcbFormatError extends Error {
  override name = 'EcbFormatError';
}
