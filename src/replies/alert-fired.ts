import type { AlertFiredPayload, DealPayload } from '../alerts/types.js';
import { brickLinkCatalogUrl, brickLinkImageUrl } from '../core/figure.js';
import type { Reply } from '../core/reply.js';
import { exactMoney } from '../currency/format-money.js';
import { fixedRateView } from '../currency/money-view.js';
import { capitalise, usd as dollars, percent, plural, usd, utcDateTime } from './format.js';
import { figureSubtitle } from './price.js';

/** "median of 12 sold listings, last 30 days": the headline's basis, as the price card says it. */
function basisLine(
  p: Pick<AlertFiredPayload, 'basis' | 'listingCount' | 'windowDays' | 'lowConfidence' | 'asOf'>,
): string {
  const low = p.lowConfidence ? ' (few listings: low confidence)' : '';
  const day = p.asOf ? ` to ${p.asOf}` : '';
  return `median of ${plural(p.listingCount, `${p.basis} listing`)}, last ${p.windowDays} days${day}${low}`;
}

const DIRECTION_TEXT = { up: 'rise', down: 'drop', any: 'move' } as const;

/** An amount in the alert's currency with the USD beside it ("€42.10 ($48.90)"); USD alone without one. */
function both(p: AlertFiredPayload, usdAmount: number): string {
  if (!p.currency) return usd(usdAmount);
  return `${fixedRateView(p.currency.code, p.currency).show(usdAmount)} (${usd(usdAmount)})`;
}

/** What happened, in one sentence: the notification text and the message body. */
function headline(p: AlertFiredPayload): string {
  const fig = `${p.figure.itemNo} ${p.figure.name} (${p.condition})`;
  const threshold = exactMoney(p.reference, p.currency?.code ?? 'USD');
  switch (p.kind) {
    case 'below':
      return `${fig} is at ${both(p, p.price)}, at or below your ${threshold} alert.`;
    case 'above':
      return `${fig} is at ${both(p, p.price)}, at or above your ${threshold} alert.`;
    case 'change':
      return (
        `${fig} moved ${percent(p.change)} in ${plural(p.periodDays ?? 0, 'day')} ` +
        `(${both(p, p.priceBefore ?? 0)} → ${both(p, p.price)}), past your ${p.reference}% ${DIRECTION_TEXT[p.direction ?? 'any']} alert.`
      );
    case 'new-low':
      return `${fig} hit a ${p.periodDays}-day low: ${both(p, p.price)}, under the previous low of ${both(p, p.reference)}.`;
  }
}

/** A level alert that fired: what crossed, the price and its basis, and which alert it was. */
export function alertFiredReply(p: AlertFiredPayload): Reply {
  const text = headline(p);
  return {
    title: `Alert: ${p.figure.itemNo} · ${p.figure.name}`,
    url: brickLinkCatalogUrl(p.figure.itemNo),
    thumbnail: { url: brickLinkImageUrl(p.figure.itemNo), alt: p.figure.name },
    summary: text,
    tone: p.kind === 'above' || (p.kind === 'change' && (p.change ?? 0) > 0) ? 'positive' : 'negative',
    blocks: [
      { type: 'text', text },
      {
        type: 'fields',
        fields: [
          { label: `${capitalise(p.condition)} price`, value: both(p, p.price), inline: true },
          { label: 'Basis', value: basisLine(p), inline: true },
          { label: 'Theme', value: figureSubtitle(p.figure), inline: true },
        ],
      },
    ],
    footer:
      `Alert #${p.alertId} · ${utcDateTime(new Date(p.firedAt))} · alert remove ${p.alertId} stops it` +
      (p.currency ? ` · ${fixedRateView(p.currency.code, p.currency).note()}` : ''),
  };
}

/** A bargain: the listing, how far under the median, and the link. */
export function dealReply(p: DealPayload): Reply {
  const l = p.listing;
  const money = p.currency ? fixedRateView(p.currency.code, p.currency) : undefined;
  const usd = (n: number) => (money ? money.show(n) : dollars(n));
  const text =
    `${p.figure.itemNo} ${p.figure.name} (${p.condition}) listed at ${usd(l.priceUsd)} on ${l.source}, ` +
    `${percent(-p.discount)} against the ${usd(p.median)} median.`;
  return {
    title: `Deal: ${p.figure.itemNo} · ${p.figure.name}`,
    url: l.url,
    thumbnail: { url: brickLinkImageUrl(p.figure.itemNo), alt: p.figure.name },
    summary: text,
    tone: 'positive',
    blocks: [
      { type: 'text', text },
      {
        type: 'fields',
        fields: [
          { label: 'Asking', value: usd(l.priceUsd), inline: true },
          {
            label: 'Median',
            value: `${usd(p.median)} (${plural(p.sampleSize, `${p.basis} listing`)}, 30 days)`,
            inline: true,
          },
          { label: 'Seller', value: l.seller ?? l.source, inline: true },
          ...(l.quantity > 1 ? [{ label: 'Quantity', value: String(l.quantity), inline: true }] : []),
          { label: 'Listing', value: l.url },
        ],
      },
    ],
    footer:
      `Deal alert #${p.alertId} (${p.threshold}% under median) · listed ${utcDateTime(new Date(l.listedAt))}` +
      (money ? ` · ${money.note()}` : ''),
  };
}
