import type { DigestPayload } from '../alerts/types.js';
import type { Block, Reply } from '../core/reply.js';
import { fixedRateView, type MoneyView, USD_VIEW } from '../currency/money-view.js';
import { FIGURE_COLUMNS, figureCells, percent } from './format.js';
import { moversReply } from './movers.js';

/**
 * The daily digest: the day's movers exactly as the `movers` command shows them (same builder),
 * then new lows and the most listed figures, for the channel's theme if it has one.
 */
export function digestReply(p: DigestPayload): Reply {
  const money: MoneyView = p.currency ? fixedRateView(p.currency.code, p.currency) : USD_VIEW;
  const usd = (n: number) => money.show(n);
  const scope = p.theme ?? 'all themes';
  const asOf = new Date(p.asOf);
  const movers = moversReply(
    {
      period: '1d',
      theme: p.theme ?? undefined,
      result: { gainers: p.gainers, losers: p.losers, minSamples: p.minSamples, asOf },
    },
    money,
  );
  const blocks: Block[] = [...movers.blocks, { type: 'divider' }];
  blocks.push({ type: 'text', text: `New ${p.newLowDays}-day lows (${p.newLows.length})` });
  if (p.newLows.length > 0) {
    blocks.push({
      type: 'table',
      columns: [
        ...FIGURE_COLUMNS,
        { header: 'Now', align: 'right' },
        { header: 'Prev low', align: 'right' },
        { header: 'Change', align: 'right' },
        { header: 'Listings', align: 'right' },
      ],
      rows: p.newLows.map((l) => [
        ...figureCells(l.figure, l.condition),
        usd(l.price),
        usd(l.previousLow),
        percent(l.previousLow > 0 ? l.price / l.previousLow - 1 : null),
        String(l.listingCount),
      ]),
    });
  }
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'text', text: `Most listed, last ${p.mostListedDays} days` });
  if (p.mostListed.length > 0) {
    blocks.push({
      type: 'table',
      columns: [...FIGURE_COLUMNS, { header: 'Listings', align: 'right' }],
      rows: p.mostListed.map((m) => [...figureCells(m.figure, m.condition ?? 'all', 40), String(m.listings)]),
    });
  }
  const gainer = p.gainers[0];
  const loser = p.losers[0];
  const low = p.newLows[0];
  const movement = [
    gainer ? `top gainer ${gainer.figure.itemNo} ${percent(gainer.change)}` : undefined,
    loser ? `top loser ${loser.figure.itemNo} ${percent(loser.change)}` : undefined,
  ].filter((part) => part !== undefined);
  const summary =
    `Daily digest ${p.date} (${scope}): ` +
    [
      movement.length > 0 ? movement.join(', ') : 'no movers',
      low ? `new low ${low.figure.itemNo} at ${usd(low.price)}` : `${p.newLows.length} new lows`,
    ].join(', ');
  return {
    title: `Daily digest · ${p.date} · ${scope}`,
    summary,
    tone: 'info',
    blocks,
    // The movers footer already names the currency and rate.
    footer:
      `${movers.footer ?? ''} · local date in ${p.timeZone}` +
      (p.headlineAsOf ? ` · prices of ${p.headlineAsOf} (UTC)` : ' · no prices computed yet'),
  };
}
