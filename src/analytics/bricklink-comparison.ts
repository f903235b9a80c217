import type { Condition } from '../ingest/types.js';
import type { BrickLinkReported, GuideAnalysis, GuideFigures, GuideType } from './bricklink-guide.js';
import { toUnits } from './robust-stats.js';

export type GuideField = keyof BrickLinkReported;

export interface ComparisonLine {
  field: GuideField;
  /** BrickLink's figure (decimal string for prices, integer for quantities). */
  reported: string | number;
  /** Ours over the same detail entries with the same definition; null when no entry was readable. */
  ours: string | number | null;
  /** ours - reported (in the guide's currency, or entries); null without ours. */
  difference: number | null;
  /** Equal, or within 0.0001 for averages (BrickLink's rounding is not documented). */
  agrees: boolean;
  /** Why they differ, when they do. */
  explanation: string | null;
}

export interface GuideComparison {
  itemNo: string;
  condition: Condition;
  guideType: GuideType;
  currency: string;
  fetchedAt: string;
  lines: ComparisonLine[];
  /** Every line agrees. */
  agrees: boolean;
  /** What separates these figures from our headline: outliers, the currency date, unreadable entries. */
  notes: string[];
  analysis: GuideAnalysis;
}

const PRICE_FIELDS: GuideField[] = ['minPrice', 'maxPrice', 'avgPrice', 'qtyAvgPrice'];
const FIELDS: GuideField[] = [...PRICE_FIELDS, 'unitQuantity', 'totalQuantity'];
const LABELS: Record<GuideField, string> = {
  minPrice: 'min',
  maxPrice: 'max',
  avgPrice: 'average',
  qtyAvgPrice: 'quantity-weighted average',
  unitQuantity: 'entries',
  totalQuantity: 'units',
};

function diff(field: GuideField, reported: string | number, ours: string | number | null): number | null {
  if (ours === null) return null;
  if (PRICE_FIELDS.includes(field)) return (toUnits(String(ours)) - toUnits(String(reported))) / 10_000;
  return Number(ours) - Number(reported);
}

function agrees(field: GuideField, difference: number | null): boolean {
  if (difference === null) return false;
  const rounding = field === 'avgPrice' || field === 'qtyAvgPrice' ? 0.0001 : 0;
  return Math.abs(difference) <= rounding + 1e-12;
}

/** One stored guide: what BrickLink reported and our analysis of the same entries. */
export interface GuideSummary {
  itemNo: string;
  condition: Condition;
  guideType: GuideType;
  currency: string;
  fetchedAt: Date;
  reported: BrickLinkReported;
  analysis: GuideAnalysis;
}

/** How a price of the guide is written: as stored (a decimal string) unless a reply converts it. */
export type ShowAmount = (amount: string) => string;
const AS_STORED: ShowAmount = (amount) => amount;

/** A price field as `show` writes it, a quantity as it is. */
function shown(field: GuideField, value: string | number | null, show: ShowAmount): string {
  if (value === null) return 'n/a';
  return PRICE_FIELDS.includes(field) ? show(String(value)) : String(value);
}

/** BrickLink's reported summary against ours over the same entries, each difference explained. */
export function compareGuide(g: GuideSummary, show: ShowAmount = AS_STORED): GuideComparison {
  const a = g.analysis;
  const lines = FIELDS.map((field): ComparisonLine => {
    const reported = g.reported[field];
    const ours = a.all[field as keyof GuideFigures];
    const difference = diff(field, reported, ours);
    const ok = agrees(field, difference);
    let explanation: string | null = null;
    if (!ok && ours === null) explanation = 'no readable detail entry to compute ours from';
    else if (!ok && a.lastSixMonths && agrees(field, diff(field, reported, a.lastSixMonths[field]))) {
      explanation =
        `BrickLink's summary covers only the last 6 months; the detail also lists ${a.olderThanSixMonths} ` +
        `older sale${a.olderThanSixMonths === 1 ? '' : 's'} (over the 6 months ours is ${shown(field, a.lastSixMonths[field], show)} too)`;
    } else if (!ok) {
      const recent = a.lastSixMonths
        ? `, over the last 6 months ${shown(field, a.lastSixMonths[field], show)}`
        : '';
      explanation = `not explained by the detail: over the same entries ours is ${shown(field, ours, show)}${recent}`;
    }
    return { field, reported, ours, difference, agrees: ok, explanation };
  });

  const notes: string[] = [];
  const w = a.withoutOutliers;
  if (w.outliersExcluded > 0) {
    notes.push(
      `Outliers removed: our prices leave out ${w.outliersExcluded} of these entries (more than 3 MADs from ` +
        `the median); without them the average is ${shown('avgPrice', w.avgPrice, show)} and the median ` +
        `${shown('avgPrice', w.median, show)}.`,
    );
  }
  if (g.currency.toUpperCase() !== 'USD') {
    notes.push(
      `Currency date: BrickLink converted these to ${g.currency} on ${g.fetchedAt.toISOString().slice(0, 10)}; ` +
        `our USD prices convert each sale at the ECB rate of its own day.`,
    );
  }
  if (a.unreadableEntries > 0) {
    notes.push(`${a.unreadableEntries} detail entries could not be read and are not in ours.`);
  }
  return {
    itemNo: g.itemNo,
    condition: g.condition,
    guideType: g.guideType,
    currency: g.currency,
    fetchedAt: g.fetchedAt.toISOString(),
    lines,
    agrees: lines.every((l) => l.agrees),
    notes,
    analysis: a,
  };
}

/** Plain lines for a reply: "average: BrickLink 12.5000, ours 12.5000" and the notes. */
export function formatGuideComparison(c: GuideComparison, show: ShowAmount = AS_STORED): string[] {
  const head = `${c.itemNo} ${c.condition} ${c.guideType} guide in ${c.currency}, fetched ${c.fetchedAt.slice(0, 10)}`;
  return [
    head,
    ...c.lines.map(
      (l) =>
        `${LABELS[l.field]}: BrickLink ${shown(l.field, l.reported, show)}, ours ${shown(l.field, l.ours, show)}` +
        (l.explanation ? ` (${l.explanation})` : ''),
    ),
    ...c.notes,
  ];
}
