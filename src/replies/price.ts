import { type Liquidity, THIN_MARKET_BELOW } from '../analytics/liquidity.js';
import { brickLinkCatalogUrl, brickLinkImageUrl, type FigureRef } from '../core/figure.js';
import type { Block, Reply, Tone } from '../core/reply.js';
import { footerWith, type MoneyView, USD_VIEW } from '../currency/money-view.js';
import type { ConditionQuote, PriceQuote } from '../deps.js';
import type { FigureRetirement } from '../sets/figure-retirement.js';
import { capitalise, percent, plural, utcDateTime } from './format.js';

/** "Star Wars · 1999": the figure's theme and year, whichever are known. */
export function figureSubtitle(f: FigureRef): string {
  return (
    [f.theme, f.year === null ? null : String(f.year)].filter(Boolean).join(' · ') || 'Theme and year unknown'
  );
}

/** "Retired 2019" when every set the figure comes in has left LEGO's shelves (figureRetirement), else null. */
export function retiredText(r: FigureRetirement | undefined): string | null {
  return r?.retired && r.since ? `Retired ${r.since.slice(0, 4)}` : null;
}

/** "Star Wars · 1999 · Retired 2019": the price card's subtitle, with the figure's retirement. */
function cardSubtitle(f: FigureRef, retirement: FigureRetirement | undefined): string {
  const retired = retiredText(retirement);
  return retired ? `${figureSubtitle(f)} · ${retired}` : figureSubtitle(f);
}

/** "median of 12 sold listings, last 30 days; 2 outliers left out": what a headline price stands on. */
export function basisText(q: ConditionQuote): string {
  const parts = [`median of ${plural(q.listingCount, `${q.basis} listing`)}, last ${q.windowDays} days`];
  if (q.outliersExcluded) parts.push(`${plural(q.outliersExcluded, 'outlier')} left out`);
  if (q.lowConfidence) parts.push('few listings: low confidence');
  return parts.join('; ');
}

/**
 * "12 sold in 30 days (2.8 a week) · 30 listed now · sell-through 29%", and "Thin market" first when
 * it sold fewer than 4 times (docs/prices.md#liquidity defines each figure).
 */
export function liquidityText(l: Liquidity): string {
  const through = l.sellThrough === null ? 'n/a' : `${Math.round(l.sellThrough * 100)}%`;
  const parts = [
    `${l.sold30d} sold in 30 days (${l.salesPerWeek.toFixed(1)} a week)`,
    `${l.listedNow} listed now`,
    `sell-through ${through}`,
  ];
  const text = parts.join(' · ');
  return l.thin ? `Thin market (under ${THIN_MARKET_BELOW} sales a month): ${text}` : text;
}

function toneOf(quote: PriceQuote): Tone {
  const change = quote.conditions[0]?.change7d;
  if (change === null || change === undefined) return 'neutral';
  if (change >= 0.02) return 'positive';
  if (change <= -0.02) return 'negative';
  return 'neutral';
}

function conditionFields(q: ConditionQuote, m: MoneyView): Block {
  return {
    type: 'fields',
    fields: [
      { label: `${capitalise(q.condition)}`, value: `${m.show(q.median)}\n${basisText(q)}` },
      { label: 'Range', value: `${m.show(q.min)} – ${m.show(q.max)}`, inline: true },
      { label: '7 days', value: percent(q.change7d), inline: true },
      { label: '30 days', value: percent(q.change30d), inline: true },
      ...(q.liquidity ? [{ label: 'Liquidity', value: liquidityText(q.liquidity) }] : []),
    ],
  };
}

function sourceTable(quote: PriceQuote, m: MoneyView): Block | undefined {
  const rows = quote.conditions.flatMap((q) =>
    q.bySource.map((s) => [s.source, q.condition, m.show(s.median), String(s.listingCount)]),
  );
  if (rows.length === 0) return undefined;
  return {
    type: 'table',
    columns: [
      { header: 'Source' },
      { header: 'Condition' },
      { header: 'Median', align: 'right' },
      { header: 'Listings', align: 'right' },
    ],
    rows,
  };
}

/**
 * The `price` card: headline per condition with its basis, range, changes and per-source figures;
 * "Retired 2019" in the subtitle when the figure's retirement is given and it is retired.
 */
export function priceReply(
  quote: PriceQuote,
  m: MoneyView = USD_VIEW,
  opts: { retirement?: FigureRetirement } = {},
): Reply {
  const f = quote.figure;
  const base = {
    title: `${f.itemNo} · ${f.name}`,
    url: brickLinkCatalogUrl(f.itemNo),
    thumbnail: { url: brickLinkImageUrl(f.itemNo), alt: f.name },
  };
  if (quote.conditions.length === 0) {
    return {
      ...base,
      summary: `${f.itemNo} ${f.name}: no prices yet.`,
      tone: 'neutral',
      blocks: [
        { type: 'text', text: cardSubtitle(f, opts.retirement) },
        { type: 'text', text: 'No recent listings, so there is no price yet.' },
      ],
    };
  }
  const headlines = quote.conditions.map((q) => `${q.condition} ${m.show(q.median)}`).join(', ');
  const blocks: Block[] = [{ type: 'text', text: cardSubtitle(f, opts.retirement) }];
  for (const q of quote.conditions) blocks.push(conditionFields(q, m));
  const table = sourceTable(quote, m);
  if (table) blocks.push({ type: 'divider' }, table);
  return {
    ...base,
    summary: `${f.itemNo} ${f.name}: ${headlines}`,
    tone: toneOf(quote),
    blocks,
    footer: footerWith(
      [quote.asOf ? `As of ${utcDateTime(quote.asOf)}` : null, `Sources: ${quote.sources.join(', ')}`]
        .filter(Boolean)
        .join(' · '),
      m,
    ),
  };
}
