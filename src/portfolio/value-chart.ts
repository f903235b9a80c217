import type { WatchItem } from '../alerts/store.js';
import type { ReplyImage } from '../core/reply.js';
import type { Deps } from '../deps.js';
import { CARRY_DAYS, shiftDay, valueSeries } from './value-series.js';

/** The periods `watch value` charts. */
export const VALUE_DAYS = [30, 90, 365] as const;

/**
 * The watchlist's value per day over the last `days` days, from the stored daily headline prices,
 * with the amount paid (over the items with a price paid) as a line; as a chart to attach.
 */
export async function watchValueChart(deps: Deps, items: WatchItem[], days: number): Promise<ReplyImage> {
  const end = deps.now().toISOString().slice(0, 10);
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
  const points = valueSeries(holdings, stored, dates);
  const withPaid = items.filter((i) => i.pricePaid !== null);
  const paidCents =
    withPaid.length > 0
      ? withPaid.reduce((sum, i) => sum + Math.round((i.pricePaid as number) * 100) * (i.quantity ?? 1), 0)
      : null;
  const data = await deps.charts.portfolio({ title: 'Watchlist value', days, points, paidCents });
  return {
    data,
    filename: `watchlist-${days}d.png`,
    alt: `Watchlist value per day over the last ${days} days${paidCents === null ? '' : ', with the amount paid'}`,
  };
}
