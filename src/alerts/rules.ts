/**
 * What an alert's `value` means for each kind, the defaults behind it, and how an alert reads in a
 * list. Pure: the commands and the replies share it, the tests check it without a database.
 */
import { UserError } from '../core/errors.js';
import { exactMoney } from '../currency/format-money.js';
import { readTypedAmount } from '../currency/typed-amount.js';
import { type AlertKind, CHANGE_PERIODS, type ChangeDirection, NEW_LOW_PERIODS } from './types.js';

export interface AlertRule {
  threshold: number;
  direction: ChangeDirection | null;
  periodDays: number | null;
  /** The re-arm band as a fraction of the threshold (see src/db/repositories/alert-evaluation.ts). */
  hysteresis: number;
  /** below/above: the currency of the threshold (USD for the other kinds). */
  currency: string;
}

/** Price alerts re-arm 5% past their threshold; a change alert of X% re-arms under 0.75·X%. */
export const DEFAULT_HYSTERESIS: Record<AlertKind, number> = {
  below: 0.05,
  above: 0.05,
  'new-low': 0.05,
  change: 0.25,
  deal: 0,
};
export const MAX_CHANGE_PERCENT = 1_000;
export const MAX_DEAL_PERCENT = 95;

const PERCENT = /^([+\-−±])?\s*(\d{1,4}(?:\.\d{1,2})?)\s*%?$/;
const DAYS = /^(\d{1,3})\s*d?(?:ays?)?$/i;

/**
 * The `value` of `alert add` for each kind:
 * - below / above: a USD price, "12.50" or "$12.50";
 * - change: a percentage, "+15%" (a rise), "-15%" (a drop) or "15%" (either way), over `period`;
 * - new-low: the look-back in days, 30, 60 or 90;
 * - deal: how far under the 30-day median, "30%".
 */
export function parseAlertValue(
  kind: AlertKind,
  value: string,
  period?: '1d' | '7d' | '30d',
  /** below/above: the currency of a bare amount (the currency option, or the user's). */
  defaultCurrency = 'USD',
): AlertRule {
  const text = value.trim();
  const hysteresis = DEFAULT_HYSTERESIS[kind];
  const rule = (r: Omit<AlertRule, 'hysteresis' | 'currency'>): AlertRule => ({
    ...r,
    hysteresis,
    currency: 'USD',
  });
  switch (kind) {
    case 'below':
    case 'above': {
      const typed = readTypedAmount(text);
      if (!typed || !(typed.amount > 0)) {
        throw new UserError(
          `A ${kind} alert needs a price such as 12.50, €50 or 50 EUR (any currency ECB publishes), not "${short(text)}".`,
        );
      }
      return {
        threshold: typed.amount,
        direction: null,
        periodDays: null,
        hysteresis,
        currency: typed.currency ?? defaultCurrency,
      };
    }
    case 'change': {
      const m = PERCENT.exec(text);
      const pct = m ? Number(m[2]) : Number.NaN;
      if (!(pct > 0 && pct <= MAX_CHANGE_PERCENT)) {
        throw new UserError(
          `A change alert needs a percentage: +15% for a rise, -15% for a drop, 15% for either; not "${short(text)}".`,
        );
      }
      const sign = m?.[1];
      const direction: ChangeDirection = sign === '+' ? 'up' : sign === '-' || sign === '−' ? 'down' : 'any';
      const days = Number((period ?? '7d').replace('d', ''));
      if (!(CHANGE_PERIODS as readonly number[]).includes(days))
        throw new UserError('period must be 1d, 7d or 30d.');
      return rule({ threshold: pct, direction, periodDays: days });
    }
    case 'new-low': {
      const m = DAYS.exec(text);
      const days = m ? Number(m[1]) : Number.NaN;
      if (!(NEW_LOW_PERIODS as readonly number[]).includes(days)) {
        throw new UserError(
          `A new-low alert needs the look-back in days: ${NEW_LOW_PERIODS.join(', ')}; not "${short(text)}".`,
        );
      }
      return rule({ threshold: 0, direction: null, periodDays: days });
    }
    case 'deal': {
      const m = PERCENT.exec(text);
      const pct = m && !m[1] ? Number(m[2]) : Number.NaN;
      if (!(pct >= 1 && pct <= MAX_DEAL_PERCENT)) {
        throw new UserError(
          `A deal alert needs how far under the median, 1% to ${MAX_DEAL_PERCENT}%, e.g. 30%; not "${short(text)}".`,
        );
      }
      return rule({ threshold: pct, direction: null, periodDays: null });
    }
  }
}

/** A threshold always with its minor units ("below $1,234.50"), as typed. */
function money(n: number, code = 'USD'): string {
  return exactMoney(n, code);
}

/** "below $12.50", "a 15% rise over 7 days", "a 90-day low", "30% under the median". */
export function describeRule(a: {
  kind: AlertKind;
  threshold: number;
  currency?: string;
  direction: ChangeDirection | null;
  periodDays: number | null;
}): string {
  switch (a.kind) {
    case 'below':
      return `below ${money(a.threshold, a.currency)}`;
    case 'above':
      return `above ${money(a.threshold, a.currency)}`;
    case 'change': {
      const what = a.direction === 'up' ? 'rise' : a.direction === 'down' ? 'drop' : 'move either way';
      return `a ${a.threshold}% ${what} over ${a.periodDays} day${a.periodDays === 1 ? '' : 's'}`;
    }
    case 'new-low':
      return `a new ${a.periodDays}-day low`;
    case 'deal':
      return `a listing ${a.threshold}% or more under the median`;
  }
}

function short(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
