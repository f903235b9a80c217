import type { Condition, StoredHeadline } from '../deps.js';

export interface Holding {
  figureId: string;
  condition: Condition;
  quantity: number;
}

export interface ValuePoint {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** The collection's value that day, in cents: each holding at its headline price (rounded to the cent) × quantity. */
  valueCents: number;
  /** Holdings with a price that day. */
  priced: number;
}

/** Days before the first day whose stored headline still counts for it (a headline covers 30 days). */
export const CARRY_DAYS = 30;

/**
 * The collection's value per day: each holding at the last stored headline price on or before that
 * day (at most CARRY_DAYS old, a day without a refresh keeps the last price), times its quantity.
 * `headlines` should start CARRY_DAYS before `dates[0]`, so the first days are priced too.
 */
export function valueSeries(holdings: Holding[], headlines: StoredHeadline[], dates: string[]): ValuePoint[] {
  const byPair = new Map<string, StoredHeadline[]>();
  for (const h of headlines) {
    const key = `${h.figureId}:${h.condition}`;
    const list = byPair.get(key);
    if (list) list.push(h);
    else byPair.set(key, [h]);
  }
  for (const list of byPair.values()) list.sort((a, b) => (a.date < b.date ? -1 : 1));
  const points: ValuePoint[] = dates.map((date) => ({ date, valueCents: 0, priced: 0 }));
  // A few hundred distinct days against tens of thousands of comparisons: each is parsed once.
  const dayNumbers = new Map<string, number>();
  const dayNumber = (date: string) => {
    let n = dayNumbers.get(date);
    if (n === undefined) {
      n = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
      dayNumbers.set(date, n);
    }
    return n;
  };
  const pointDays = dates.map(dayNumber);
  for (const holding of holdings) {
    const list = byPair.get(`${holding.figureId}:${holding.condition}`) ?? [];
    let next = 0;
    let last: StoredHeadline | undefined;
    let lastCents = 0;
    let lastDay = 0;
    for (let p = 0; p < points.length; p++) {
      const point = points[p] as ValuePoint;
      while (next < list.length && (list[next] as StoredHeadline).date <= point.date) {
        last = list[next++] as StoredHeadline;
        lastCents = Math.round(last.price * 100);
        lastDay = dayNumber(last.date);
      }
      if (!last || (pointDays[p] as number) - lastDay > CARRY_DAYS) continue;
      point.valueCents += lastCents * holding.quantity;
      point.priced++;
    }
  }
  return points;
}

/** `days` days back from `end` (YYYY-MM-DD). */
export function shiftDay(end: string, days: number): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
