import { brickLinkCatalogUrl, type FigureRef } from '../core/figure.js';
import type { Button, Reply } from '../core/reply.js';
import { money } from '../currency/format-money.js';
import { footerWith, type MoneyView, USD_VIEW } from '../currency/money-view.js';
import type { Condition, ConditionSeries, DailyPrice } from '../deps.js';
import { percent, plural } from './format.js';

/** The ranges `history` offers; also the buttons under a chart. */
export const HISTORY_RANGES = [7, 30, 90, 365] as const;

export interface HistoryReplyInput {
  figure: FigureRef;
  days: number;
  /** The condition asked for, if any (kept by the range buttons). */
  condition?: Condition;
  /** Conditions with prices in the period; empty when there were none. */
  series: ConditionSeries[];
  /** The rendered chart; absent when there are no points. */
  chart?: Uint8Array;
  /** The currency option as given, kept by the range buttons. */
  currency?: string;
}

/** "median $4.10 on … → $4.60 on … (+12.2%), range $2.00–$7.50, 85 listings on 60 days": one series in a line. */
export function historyLine(points: DailyPrice[], code = 'USD'): string {
  const usd = (n: number) => money(n, code);
  const first = points[0] as DailyPrice;
  const last = points[points.length - 1] as DailyPrice;
  const low = Math.min(...points.map((p) => p.min));
  const high = Math.max(...points.map((p) => p.max));
  const listings = points.reduce((sum, p) => sum + p.count, 0);
  const change = first.median > 0 ? last.median / first.median - 1 : null;
  return (
    `median ${usd(first.median)} on ${first.date} → ${usd(last.median)} on ${last.date} (${percent(change)}), ` +
    `range ${usd(low)}–${usd(high)}, ${plural(listings, 'listing')} on ${plural(points.length, 'day')}`
  );
}

function rangeButtons(input: HistoryReplyInput): Button[] {
  return HISTORY_RANGES.filter((d) => d !== input.days).map((days) => ({
    label: `${days} days`,
    invocation: {
      command: 'history',
      options: {
        figure: input.figure.itemNo,
        days,
        ...(input.condition ? { condition: input.condition } : {}),
        ...(input.currency ? { currency: input.currency } : {}),
      },
    },
  }));
}

/** The `history` reply: a chart of daily median and min-max band, a one-line summary, buttons for other ranges. */
/** `m`: the currency the series were converted to (their amounts are already in it). */
export function historyReply(input: HistoryReplyInput, m: MoneyView = USD_VIEW): Reply {
  const f = input.figure;
  const scope = `last ${input.days} days${input.condition ? `, ${input.condition}` : ''}`;
  const head = `${f.itemNo} ${f.name}, ${scope}`;
  const actions = { type: 'actions' as const, buttons: rangeButtons(input) };
  if (input.series.length === 0 || !input.chart) {
    const text = `${head}: no listings in this period.`;
    return {
      title: `${f.itemNo} · ${f.name}`,
      summary: text,
      tone: 'neutral',
      blocks: [{ type: 'text', text }, actions],
    };
  }
  // Each series says its condition, so the head does not repeat it.
  const lines = input.series.map((s) => `${s.condition} ${historyLine(s.points, m.code)}`).join('; ');
  const summary = `${f.itemNo} ${f.name}, last ${input.days} days: ${lines}`;
  return {
    title: `${f.itemNo} · ${f.name}`,
    url: brickLinkCatalogUrl(f.itemNo),
    summary,
    tone: 'info',
    blocks: [{ type: 'text', text: summary }, actions],
    footer: footerWith(undefined, m),
    image: {
      data: input.chart,
      filename: `${f.itemNo}-${input.days}d.png`,
      alt: `Daily median price with min-max band, ${f.itemNo}, ${scope}`,
    },
  };
}
