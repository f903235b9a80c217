import type { Reply, TableBlock } from '../core/reply.js';
import { footerWith, type MoneyView, USD_VIEW } from '../currency/money-view.js';
import type { Condition, Mover, MoverPeriod, MoversResult } from '../deps.js';
import { FIGURE_COLUMNS, figureCells, percent, utcDate } from './format.js';

export interface MoversReplyInput {
  period: MoverPeriod;
  theme?: string;
  condition?: Condition;
  result: MoversResult;
}

const PERIOD_TEXT: Record<MoverPeriod, string> = { '1d': '1 day', '7d': '7 days', '30d': '30 days' };
const PERIOD_DAYS: Record<MoverPeriod, number> = { '1d': 1, '7d': 7, '30d': 30 };

/** Each end of a move is shown at the rate of its own day; the change is the market's, in USD. */
interface Ends {
  money: MoneyView;
  start: string;
  end: string;
}

function moverTable(movers: Mover[], ends: Ends): TableBlock {
  return {
    type: 'table',
    columns: [
      ...FIGURE_COLUMNS,
      { header: 'Before', align: 'right' },
      { header: 'Now', align: 'right' },
      { header: 'Change', align: 'right' },
      { header: 'Listings', align: 'right' },
    ],
    rows: movers.map((m) => [
      ...figureCells(m.figure, m.condition),
      ends.money.show(m.before, ends.start),
      ends.money.show(m.after, ends.end),
      percent(m.change),
      `${m.samplesBefore} → ${m.samplesAfter}`,
    ]),
  };
}

/** The `movers` reply: top gainers and losers with the listings behind each end. */
export function moversReply(input: MoversReplyInput, money: MoneyView = USD_VIEW): Reply {
  const { gainers, losers, minSamples, minSales, asOf } = input.result;
  const sales = minSales ? `${minSales}+ sales in 30 days` : undefined;
  const scope = [PERIOD_TEXT[input.period], input.theme, input.condition, sales].filter(Boolean).join(', ');
  const ends: Ends = {
    money,
    start: utcDate(new Date(asOf.getTime() - PERIOD_DAYS[input.period] * 86_400_000)),
    end: utcDate(asOf),
  };
  // Each end is converted at its own day's rate, so the change is not the ratio of the amounts
  // shown; the view's note, last in the footer, says how they were converted.
  const basis = money.code === 'USD' ? 'Headline price change' : 'Change measured in USD headline prices';
  const base = `${basis}; each figure needs ${minSamples}+ listings at both ends · as of ${utcDate(asOf)}`;
  if (gainers.length === 0 && losers.length === 0) {
    const text = minSales
      ? `No movers over ${scope}: no figure sold ${minSales} times in 30 days and had ${minSamples} listings at both ends of the period.`
      : `No movers over ${scope}: no figure had ${minSamples} listings at both ends of the period.`;
    return {
      title: `Movers: ${scope}`,
      summary: text,
      tone: 'neutral',
      blocks: [{ type: 'text', text }],
      footer: footerWith(base, money),
    };
  }
  const top = (m: Mover | undefined) => (m ? `${m.figure.itemNo} ${percent(m.change)}` : 'none');
  const blocks = [
    { type: 'text' as const, text: `Gainers (${gainers.length})` },
    ...(gainers.length > 0 ? [moverTable(gainers, ends)] : []),
    { type: 'divider' as const },
    { type: 'text' as const, text: `Losers (${losers.length})` },
    ...(losers.length > 0 ? [moverTable(losers, ends)] : []),
  ];
  return {
    title: `Movers: ${scope}`,
    summary: `Movers over ${scope}: top gainer ${top(gainers[0])}, top loser ${top(losers[0])}`,
    tone: 'info',
    blocks,
    footer: footerWith(base, money),
  };
}
