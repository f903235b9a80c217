import type { WatchItem } from '../alerts/store.js';
import type { Reply } from '../core/reply.js';
import { exactMoney } from '../currency/format-money.js';
import { footerWith, type MoneyView, minorUnits, USD_VIEW } from '../currency/money-view.js';
import type { Basis } from '../deps.js';
import { paidMinorUnits } from '../portfolio/paid.js';
import { FIGURE_COLUMNS, figureCells, percent, plural } from './format.js';

/** One watched item valued at its headline price. */
export interface ValuedItem {
  item: WatchItem;
  /** The headline price per figure, or null when there is none. */
  price: number | null;
  basis: Basis | null;
  listingCount: number;
}

const qty = (i: WatchItem) => i.quantity ?? 1;

/** `watch list`. */
export function watchListReply(items: WatchItem[], limit: number): Reply {
  if (items.length === 0) {
    const text = 'Your watchlist is empty. Add a figure with: watch add sw0001 used quantity:2 paid:4.50';
    return { summary: text, tone: 'neutral', ephemeral: true, blocks: [{ type: 'text', text }] };
  }
  return {
    title: 'Your watchlist',
    summary: `You watch ${plural(items.length, 'figure')}.`,
    tone: 'info',
    ephemeral: true,
    blocks: [
      {
        type: 'table',
        columns: [...FIGURE_COLUMNS, { header: 'Qty', align: 'right' }, { header: 'Paid', align: 'right' }],
        rows: items.map((i) => [
          ...figureCells(i.figure, i.condition),
          String(qty(i)),
          i.paid === null ? '–' : exactMoney(i.paid.amount, i.paid.currency),
        ]),
      },
    ],
    footer: `${items.length} of ${limit} · watch value prices them`,
  };
}

/**
 * `watch value`: each item at its headline price times its quantity, the total, and the gain
 * against the price paid over the items where a price was paid and a price exists now. Amounts are
 * counted in whole minor units (cents) of the currency shown, each unit price rounded as shown, so
 * Value − Paid is exactly the Gain shown. A price paid in the currency shown is counted as given;
 * one paid in another currency at the rate of the day it was given (src/portfolio/paid.ts).
 */
export function watchValueReply(valued: ValuedItem[], m: MoneyView = USD_VIEW): Reply {
  if (valued.length === 0) return watchListReply([], 0);
  const { of: minor, show } = minorUnits(m);
  const rows = valued.map((v) => {
    const q = qty(v.item);
    const unit = v.price === null ? null : minor(v.price);
    const paidUnit = v.item.paid === null ? null : paidMinorUnits(m, v.item.paid);
    return {
      v,
      q,
      unit,
      paidUnit,
      value: unit === null ? null : unit * q,
      paid: paidUnit === null ? null : paidUnit * q,
    };
  });
  const priced = rows.filter((r) => r.value !== null);
  const total = priced.reduce((sum, r) => sum + (r.value as number), 0);
  const withCost = priced.filter((r) => r.paid !== null);
  const cost = withCost.reduce((sum, r) => sum + (r.paid as number), 0);
  const worth = withCost.reduce((sum, r) => sum + (r.value as number), 0);
  const gain = worth - cost;
  const gainText =
    withCost.length > 0
      ? `${gain >= 0 ? '+' : '−'}${show(Math.abs(gain))} (${percent(cost > 0 ? worth / cost - 1 : null)})`
      : 'n/a';
  const summary = `Watchlist value ${show(total)} at headline prices; gain against price paid ${gainText}.`;
  return {
    title: 'Watchlist value',
    summary,
    tone: withCost.length === 0 ? 'info' : gain >= 0 ? 'positive' : 'negative',
    ephemeral: true,
    blocks: [
      {
        type: 'fields',
        fields: [
          { label: 'Value', value: show(total), inline: true },
          { label: 'Paid', value: withCost.length > 0 ? show(cost) : 'n/a', inline: true },
          { label: 'Gain', value: gainText, inline: true },
        ],
      },
      {
        type: 'table',
        columns: [
          { header: 'Item' },
          { header: 'Cond' },
          { header: 'Qty', align: 'right' },
          { header: 'Price', align: 'right' },
          { header: 'Value', align: 'right' },
          { header: 'Paid', align: 'right' },
          { header: 'Gain', align: 'right' },
        ],
        rows: rows.map((r) => [
          r.v.item.figure.itemNo,
          r.v.item.condition,
          String(r.q),
          r.unit === null ? 'no price' : show(r.unit),
          r.value === null ? '–' : show(r.value),
          r.paid === null ? '–' : show(r.paid),
          r.unit === null || r.paidUnit === null
            ? '–'
            : percent(r.paidUnit > 0 ? r.unit / r.paidUnit - 1 : null),
        ]),
      },
    ],
    footer: footerWith(
      `Headline price: median of recent listings per condition · ${priced.length} of ${plural(valued.length, 'item')} priced` +
        (priced.length < valued.length ? `; unpriced items count as ${show(0)}` : ''),
      m,
    ),
  };
}
