/**
 * Alert kinds and the outbox payloads. Payloads are render-independent JSON: facts only (numbers,
 * ids, names), never text or platform markup, so the notifier renders them with the same reply
 * builders as commands (src/replies/notification.ts) and a payload written today still renders
 * after the look changes.
 */
import type { Basis, Condition, Mover } from '../deps.js';

export const ALERT_KINDS = ['below', 'above', 'change', 'new-low', 'deal'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type ChangeDirection = 'up' | 'down' | 'any';
export const CHANGE_PERIODS = [1, 7, 30] as const;
export const NEW_LOW_PERIODS = [30, 60, 90] as const;

/** Alerts one user may have at once (config ALERTS_PER_USER overrides it). */
export const DEFAULT_ALERTS_PER_USER = 50;

/** The catalogue facts a payload carries, so rendering needs no database. */
export interface FigureFacts {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
}

/** A level alert (below, above, change, new-low) crossed its threshold. */
export interface AlertFiredPayload {
  type: 'alert';
  alertId: string;
  kind: Exclude<AlertKind, 'deal'>;
  condition: Condition;
  figure: FigureFacts;
  /** The headline price now (USD), and what stands behind it. */
  price: number;
  basis: Basis;
  windowDays: number;
  listingCount: number;
  /** Fewer listings than the analytics trust (the reply says so). */
  lowConfidence?: boolean;
  /** The as-of day (UTC) of the headline, YYYY-MM-DD. */
  asOf?: string;
  /** below/above: the threshold (in `currency` when set, else USD); change: the percent threshold; new-low: the previous low (USD). */
  reference: number;
  /** An alert in another currency: it, and the latest ECB rate its amounts are shown at (below/above compare at it too). */
  currency?: PayloadCurrency;
  /** change: the direction asked for; the period in days for change and new-low. */
  direction: ChangeDirection | null;
  periodDays: number | null;
  /** change: the fractional change over the period (0.12 = +12%) and the price it started from. */
  change: number | null;
  priceBefore: number | null;
  /** ISO 8601. */
  firedAt: string;
}

/** A new asking listing at least `threshold` percent under the figure's median. */
export interface DealPayload {
  type: 'deal';
  alertId: string;
  condition: Condition;
  figure: FigureFacts;
  /** Percent under the median the user asked for. */
  threshold: number;
  listing: {
    priceUsd: number;
    source: string;
    /** A link to the listing, or to the figure's price guide when the source has no per-listing page. */
    url: string;
    seller: string | null;
    quantity: number;
    /** ISO 8601. */
    listedAt: string;
  };
  median: number;
  /** Listings behind the median. */
  sampleSize: number;
  basis: Basis;
  /** Fraction under the median (0.3 = 30% under). */
  discount: number;
  firedAt: string;
  /** The owner's currency and the ECB rate the amounts are shown at; absent for USD. */
  currency?: PayloadCurrency;
}

export interface DigestNewLow {
  figure: FigureFacts;
  condition: Condition;
  price: number;
  /** The lowest headline price of the look-back before today. */
  previousLow: number;
  listingCount: number;
}

export interface DigestMostListed {
  figure: FigureFacts;
  condition?: Condition;
  listings: number;
}

/** One channel's daily digest. */
export interface DigestPayload {
  type: 'digest';
  /** The channel's local date, YYYY-MM-DD. */
  date: string;
  timeZone: string;
  theme: string | null;
  gainers: Mover[];
  losers: Mover[];
  /** Listings required at both ends for a mover to count. */
  minSamples: number;
  newLows: DigestNewLow[];
  newLowDays: number;
  mostListed: DigestMostListed[];
  mostListedDays: number;
  /** ISO 8601: when the digest was made. */
  asOf: string;
  /** The headline day (UTC) the figures are for, YYYY-MM-DD; null before the first snapshot refresh. */
  headlineAsOf?: string | null;
  /** The channel's currency and the ECB rate it was converted at; absent for USD. */
  currency?: PayloadCurrency;
}

/** A payload's amounts are USD; this is the currency they are shown in and the rate used. */
export interface PayloadCurrency {
  code: string;
  /** Units per 1 USD. */
  rate: number;
  /** The ECB date of the rate, YYYY-MM-DD. */
  date: string;
}

/** Set on every payload written while the bundled demo prices were loaded (DEMO_MARK_SQL). */
interface DemoMark {
  demo?: boolean;
}

export type NotificationPayload = (AlertFiredPayload | DealPayload | DigestPayload) & DemoMark;
