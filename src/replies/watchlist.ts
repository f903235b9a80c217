import type { WatchItem } from '../alerts/store.js';
import type { Reply } from '../core/reply.js';
import type { Basis } from '../deps.js';
import { percent, plural, truncate, usd } from './format.js';

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
        columns: [
          { header: 'Item' },
          { header: 'Name' },
          { header: 'Cond' },
          { header: 'Qty', align: 'right' },
          { header: 'Paid', align: 'right' },
        ],
        rows: items.map((i) => [
          i.figure.itemNo,
          truncate(i.figure.name, 32),
          i.condition,
          String(qty(i)),
          i.pricePaid === null ? '–' : usd(i.pricePaid),
        ]),
      },
    ],
    footer: `${items.length} of ${limit} · watch value prices them`,
  };
}

/**
 * `watch value`: each item at its headline price times its quantity, the total, and the gain
 * against the price paid over the items where a price was paid and a price exists now.
 */
export function watchValueReply(valued: ValuedItem[]): Reply {
  if (valued.length === 0) return watchListReply([], 0);
  const priced = valued.filter((v) => v.price !== null);
  const total = priced.reduce((sum, v) => sum + (v.price as number) * qty(v.item), 0);
  const withCost = priced.filter((v) => v.item.pricePaid !== null);
  const cost = withCost.reduce((sum, v) => sum + (v.item.pricePaid as number) * qty(v.item), 0);
  const worth = withCost.reduce((sum, v) => sum + (v.price as number) * qty(v.item), 0);
  const gain = worth - cost;
  const gainText =
    withCost.length > 0
      ? `${gain >= 0 ? '+' : '−'}${usd(Math.abs(gain))} (${percent(cost > 0 ? worth / cost - 1 : null)})`
      : 'n/a';
  const summary = `Watchlist value ${usd(total)} at headline prices; gain against price paid ${gainText}.`;
  return {
    title: 'Watchlist value',
    summary,
    tone: withCost.length === 0 ? 'info' : gain >= 0 ? 'positive' : 'negative',
    ephemeral: true,
    blocks: [
      {
        type: 'fields',
        fields: [
          { label: 'Value', value: usd(total), inline: true },
          { label: 'Paid', value: withCost.length > 0 ? usd(cost) : 'n/a', inline: true },
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
        rows: valued.map((v) => {
          const q = qty(v.item);
          const paid = v.item.pricePaid;
          return [
            v.item.figure.itemNo,
            v.item.condition,
            String(q),
            v.price === null ? 'no price' : usd(v.price),
            v.price === null ? '–' : usd(v.price * q),
            paid === null ? '–' : usd(paid * q),
            v.price === null || paid === null ? '–' : percent(paid > 0 ? v.price / paid - 1 : null),
          ];
        }),
      },
    ],
    footer:
      `Headline price: median of recent listings per condition · ${priced.length} of ${plural(valued.length, 'item')} priced` +
      (priced.length < valued.length ? '; unpriced items count as $0' : ''),
  };
}
