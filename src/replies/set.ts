import type { Block, Reply } from '../core/reply.js';
import { footerWith, type MoneyView, minorUnits, USD_VIEW } from '../currency/money-view.js';
import type { CatalogueSet } from '../deps.js';
import type { PartOut } from '../sets/part-out.js';
import { isRetired, retirementText, setCatalogUrl, setImageUrl } from '../sets/sets-of.js';
import { plural, truncate, utcDate } from './format.js';

function base(set: CatalogueSet) {
  return {
    title: `${set.setNo} · ${set.name}`,
    url: setCatalogUrl(set.setNo),
    thumbnail: { url: setImageUrl(set.setNo), alt: set.name },
  };
}

/** "Star Wars · 2017 · Retired 2019-12-31". */
function subtitle(set: CatalogueSet, today: string): string {
  return [set.theme, set.year === null ? null : String(set.year), retirementText(set, today)]
    .filter(Boolean)
    .join(' · ');
}

/** "US $849.99 · UK £734.99 · DE €849.99", the shops Brickset knows a price for. */
export function retailText(set: CatalogueSet): string | null {
  const r = set.retail;
  const parts = [
    r.usd === null ? null : `US $${r.usd.toFixed(2)}`,
    r.gbp === null ? null : `UK £${r.gbp.toFixed(2)}`,
    r.eur === null ? null : `DE €${r.eur.toFixed(2)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * The `set` card: the set, its figures priced at their headline, the part-out value, coverage and
 * ratio to retail. Amounts are in the view's currency, each row rounded as shown and the part-out
 * value their sum, so it checks to the cent (or yen); the ratio is to the US retail price, in USD.
 */
export function setReply(set: CatalogueSet, p: PartOut, today: string, m: MoneyView = USD_VIEW): Reply {
  const { of: minor, show } = minorUnits(m);
  const rows = p.entries.map((e) => {
    const unit = e.price === null ? null : minor(e.price);
    return { e, unit, value: unit === null ? null : unit * e.quantity };
  });
  const value = show(rows.reduce((sum, r) => sum + (r.value ?? 0), 0));
  const coverage = `${p.pricedFigures} of ${plural(p.totalFigures, 'figure')} priced`;
  const ratio = p.ratioToRetail === null ? 'n/a' : `${p.ratioToRetail.toFixed(2)}× US retail`;
  if (p.totalFigures === 0) {
    return {
      ...base(set),
      summary: `${set.setNo} ${set.name}: no minifigures in this set.`,
      tone: 'neutral',
      blocks: [
        { type: 'text', text: subtitle(set, today) },
        { type: 'text', text: 'BrickLink lists no minifigures in this set, so it has no part-out value.' },
      ],
    };
  }
  const blocks: Block[] = [
    { type: 'text', text: subtitle(set, today) },
    {
      type: 'fields',
      fields: [
        { label: `Part-out value (${p.condition})`, value: value, inline: true },
        { label: 'Coverage', value: coverage, inline: true },
        { label: 'Ratio to retail', value: ratio, inline: true },
        { label: 'Retail', value: retailText(set) ?? 'unknown', inline: true },
      ],
    },
    {
      type: 'table',
      columns: [
        { header: 'Item' },
        { header: 'Name' },
        { header: 'Qty', align: 'right' },
        { header: 'Price', align: 'right' },
        { header: 'Basis' },
        { header: 'Value', align: 'right' },
      ],
      rows: rows.map(({ e, unit, value }) => [
        e.itemNo,
        truncate(e.figure?.name ?? 'not in the catalogue', 28),
        String(e.quantity),
        unit === null ? 'no price' : show(unit),
        e.basis === null ? '–' : `${e.basis} (${e.listingCount})`,
        value === null ? '–' : show(value),
      ]),
    },
  ];
  return {
    ...base(set),
    summary: `${set.setNo} ${set.name}: part-out value ${value} (${p.condition}), ${coverage}, ratio to retail ${ratio}.`,
    tone: 'info',
    blocks,
    footer: footerWith(
      `Headline prices, ${p.condition} condition; unpriced figures count as ${show(0)}` +
        (set.inventoryFetchedAt ? ` · inventory from BrickLink, ${utcDate(set.inventoryFetchedAt)}` : ''),
      m,
    ),
  };
}

/** A set whose inventory is not known yet: the fetch is queued. */
export function inventoryPendingReply(set: CatalogueSet, today: string, fetching = true): Reply {
  // Without BrickLink's keys nothing fetches it: "try again in a few minutes" would never come true.
  const text = fetching
    ? 'Inventory being fetched from BrickLink, try again in a few minutes.'
    : "Its figures are not known yet: they come from BrickLink's inventory, and BrickLink is not set up " +
      'here (an admin sets the BRICKLINK_* keys). The set is queued and its figures arrive once it is.';
  return {
    ...base(set),
    summary: fetching
      ? `${set.setNo} ${set.name}: inventory being fetched, try again in a few minutes.`
      : `${set.setNo} ${set.name}: figures not known yet, BrickLink is not set up here.`,
    tone: 'info',
    blocks: [
      { type: 'text', text: subtitle(set, today) },
      { type: 'text', text },
    ],
  };
}

/** Sets named in one line at most; the rest are counted. */
const MAX_SETS_LISTED = 8;

/**
 * "In sets: 75192 (retired 2019), 75060": a figure's sets, newest first, by the number people use
 * (the variant only when it is not the first), retired ones with the year they left the shelves.
 */
export function inSetsText(sets: CatalogueSet[], today: string): string | null {
  if (sets.length === 0) return null;
  const named = sets.slice(0, MAX_SETS_LISTED).map((s) => {
    const number = s.setNo === `${s.number}-1` ? s.number : s.setNo;
    return isRetired(s, today) ? `${number} (retired ${s.exitDate?.slice(0, 4)})` : number;
  });
  const more = sets.length - named.length;
  return `In sets: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The price card with its "In sets" line under the subtitle, when the figure's sets are known. */
export function withInSets(reply: Reply, inSets: string | null): Reply {
  if (!inSets) return reply;
  return {
    ...reply,
    blocks: [...reply.blocks.slice(0, 1), { type: 'text', text: inSets }, ...reply.blocks.slice(1)],
  };
}
