/**
 * BrickLink's own figures beside ours in the `price` reply: one line per condition with BrickLink's
 * 6-month sold average and ours over the same sales, and what explains each difference behind a
 * button (or `price <figure> bricklink`). Amounts are converted like the rest of the reply.
 */
import { compareGuide, formatGuideComparison, type GuideSummary } from '../analytics/bricklink-comparison.js';
import type { FigureRef } from '../core/figure.js';
import type { Block, Button } from '../core/reply.js';
import { money } from '../currency/format-money.js';
import type { MoneyView } from '../currency/money-view.js';
import type { Condition } from '../deps.js';
import { capitalise } from './format.js';

/** The `detail` choice of `price` that shows the whole comparison. */
export const BRICKLINK_DETAIL = 'bricklink';

export interface BrickLinkInput {
  figure: FigureRef;
  guides: readonly GuideSummary[];
  /** The options the reply was asked with, kept by the button. */
  condition?: Condition;
  currency?: string;
  /** Show the whole comparison, each difference explained, instead of the button. */
  detail: boolean;
}

const CONDITION_ORDER: Condition[] = ['new', 'used'];

/** A guide's amount (a decimal string in the guide's currency) as the reply writes money. */
function showAmount(g: GuideSummary, m: MoneyView): (amount: string) => string {
  return (amount) =>
    g.currency.toUpperCase() === 'USD'
      ? m.show(Number(amount))
      : money(Number(amount), g.currency.toUpperCase());
}

/** "New: BrickLink 6-month sold avg $64.10 (ours over the same sales $63.95)". */
export function brickLinkLine(g: GuideSummary, m: MoneyView): string {
  const show = showAmount(g, m);
  const a = g.analysis;
  const ours = (a.lastSixMonths ?? a.all).avgPrice;
  const oursText = ours === null ? 'no readable sale to compare' : `ours over the same sales ${show(ours)}`;
  return `${capitalise(g.condition)}: BrickLink 6-month sold avg ${show(g.reported.avgPrice)} (${oursText})`;
}

function detailButton(input: BrickLinkInput): Button {
  return {
    label: 'Why BrickLink differs',
    style: 'secondary',
    invocation: {
      command: 'price',
      options: {
        figure: input.figure.itemNo,
        ...(input.condition ? { condition: input.condition } : {}),
        ...(input.currency ? { currency: input.currency } : {}),
        detail: BRICKLINK_DETAIL,
      },
    },
  };
}

/** The blocks for the price reply; none when BrickLink's guides of the figure were never fetched. */
export function brickLinkBlocks(input: BrickLinkInput, m: MoneyView): Block[] {
  const wanted = input.guides
    .filter((g) => input.condition === undefined || g.condition === input.condition)
    .sort(
      (a, b) =>
        CONDITION_ORDER.indexOf(a.condition) - CONDITION_ORDER.indexOf(b.condition) ||
        a.guideType.localeCompare(b.guideType),
    );
  const sold = wanted.filter((g) => g.guideType === 'sold');
  if (sold.length === 0 && !input.detail) return [];
  const blocks: Block[] = [];
  if (sold.length > 0) blocks.push({ type: 'text', text: sold.map((g) => brickLinkLine(g, m)).join('\n') });
  if (!input.detail) return [...blocks, { type: 'actions', buttons: [detailButton(input)] }];
  if (wanted.length === 0) {
    return [{ type: 'text', text: "BrickLink's price guide of this figure has not been fetched yet." }];
  }
  for (const g of wanted) {
    const show = showAmount(g, m);
    blocks.push({ type: 'text', text: formatGuideComparison(compareGuide(g, show), show).join('\n') });
  }
  return blocks;
}
