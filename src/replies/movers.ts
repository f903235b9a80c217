import type { Reply, TableBlock } from '../core/reply.js';
import type { Condition, Mover, MoverPeriod, MoversResult } from '../deps.js';
import { percent, truncate, usd, utcDate } from './format.js';

export interface MoversReplyInput {
  period: MoverPeriod;
  theme?: string;
  condition?: Condition;
  result: MoversResult;
}

const PERIOD_TEXT: Record<MoverPeriod, string> = { '1d': '1 day', '7d': '7 days', '30d': '30 days' };

function moverTable(movers: Mover[]): TableBlock {
  return {
    type: 'table',
    columns: [
      { header: 'Item' },
      { header: 'Name' },
      { header: 'Cond' },
      { header: 'Before', align: 'right' },
      { header: 'Now', align: 'right' },
      { header: 'Change', align: 'right' },
      { header: 'Listings', align: 'right' },
    ],
    rows: movers.map((m) => [
      m.figure.itemNo,
      truncate(m.figure.name, 32),
      m.condition,
      usd(m.before),
      usd(m.after),
      percent(m.change),
      `${m.samplesBefore} → ${m.samplesAfter}`,
    ]),
  };
}

/** The `movers` reply: top gainers and losers with the listings behind each end. */
export function moversReply(input: MoversReplyInput): Reply {
  const scope = [PERIOD_TEXT[input.period], input.theme, input.condition].filter(Boolean).join(', ');
  const { gainers, losers, minSamples, asOf } = input.result;
  const footer = `Headline price change; each figure needs ${minSamples}+ listings at both ends · as of ${utcDate(asOf)}`;
  if (gainers.length === 0 && losers.length === 0) {
    const text = `No movers over ${scope}: no figure had ${minSamples} listings at both ends of the period.`;
    return {
      title: `Movers: ${scope}`,
      summary: text,
      tone: 'neutral',
      blocks: [{ type: 'text', text }],
      footer,
    };
  }
  const top = (m: Mover | undefined) => (m ? `${m.figure.itemNo} ${percent(m.change)}` : 'none');
  return {
    title: `Movers: ${scope}`,
    summary: `Movers over ${scope}: top gainer ${top(gainers[0])}, top loser ${top(losers[0])}`,
    tone: 'info',
    blocks: [
      { type: 'text', text: `Gainers (${gainers.length})` },
      ...(gainers.length > 0 ? [moverTable(gainers)] : []),
      { type: 'divider' },
      { type: 'text', text: `Losers (${losers.length})` },
      ...(losers.length > 0 ? [moverTable(losers)] : []),
    ],
    footer,
  };
}
