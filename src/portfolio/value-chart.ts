import type { WatchItem } from '../alerts/store.js';
import type { ReplyImage } from '../core/reply.js';
import { minorDigits } from '../currency/format-money.js';
import { bookView, USD_VIEW } from '../currency/money-view.js';
import type { Deps } from '../deps.js';
import { paidMinorUnits } from './paid.js';
import { CARRY_DAYS, shiftDay, valueSeries } from './value-series.js';

/** The periods `watch value` charts. */
export const VALUE_DAYS = [30, 90, 365] as const;

/**
 * The watchlist's value per day over the last `days` days, from the stored daily headline prices,
 * with the amount paid (over the items with a price paid) as a line; as a chart to attach. Each
 * day's value is converted at that day's rate, as the history chart's prices are; the amount paid
 * is the reply's Paid: each price as given when it is in this currency, else converted at the rate
 * of the day it was given (./paid.ts), counted in minor units.
 */
export async function watchValueChart(
  deps: Deps,
  items: WatchItem[],
  days: number,
  currency = 'USD',
): Promise<ReplyImage> {
  const end = deps.now().toISOString().slice(0, 10);
  // A view of its own: the reply's footer names the rates the reply used, not the chart's.
  const view = currency === 'USD' ? USD_VIEW : bookView(currency, await deps.fx.book(), end);
  const start = shiftDay(end, days - 1);
  const holdings = items.map((i) => ({
    figureId: i.figure.id,
    condition: i.condition,
    quantity: i.quantity ?? 1,
  }));
  const stored = await deps.prices.storedHeadlines(
    holdings.map((h) => ({ figureId: h.figureId, condition: h.condition })),
    shiftDay(start, CARRY_DAYS),
    end,
  );
  const dates = Array.from({ length: days }, (_, i) => shiftDay(end, days - 1 - i));
  const points = valueSeries(holdings, stored, dates).map((p) => ({
    date: p.date,
    value: view.fromUsd(p.valueCents / 100, p.date),
    priced: p.priced,
  }));
  const withPaid = items.flatMap((i) =>
    i.paid === null ? [] : [{ paid: i.paid, quantity: i.quantity ?? 1 }],
  );
  const paidUnits =
    withPaid.length > 0
      ? withPaid.reduce((sum, i) => sum + paidMinorUnits(view, i.paid) * i.quantity, 0)
      : null;
  const paid = paidUnits === null ? null : paidUnits / 10 ** minorDigits(view.code);
  const data = await deps.charts.portfolio({
    title: 'Watchlist value',
    days,
    points,
    paid,
    currency: view.code,
    demo: deps.demoData,
  });
  return {
    data,
    filename: `watchlist-${days}d.png`,
    alt: `Watchlist value per day over the last ${days} days${paid === null ? '' : ', with the amount paid'}`,
  };
}
