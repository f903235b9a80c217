import { type RejectedRow, readCatalogRows } from './catalog-rows.js';

/**
 * BrickLink's catalogue download for sets: the minifigure file's columns plus `Dimensions`
 * ("54 x 45 x 39", "? x ? x ?"). Numbers carry their variant: "75192-1".
 */
export interface CatalogSet {
  setNo: string;
  /** The number without its variant ("75192"), what people type. */
  number: string;
  name: string;
  theme: string;
  yearReleased: number | null;
  metadata: {
    category_id: number;
    category_path: string[];
    weight_g: number | null;
    dimensions: string | null;
  };
}

export interface ParsedSets {
  sets: CatalogSet[];
  rejected: RejectedRow[];
}

/** "75192-1" → "75192"; a number without a variant stays as it is. */
export function withoutVariant(setNo: string): string {
  return setNo.replace(/-\d+$/, '');
}

export function parseBrickLinkSets(text: string): ParsedSets {
  const { rows, rejected } = readCatalogRows(text, 7);
  return {
    sets: rows.map((r) => {
      const dimensions = r.rest[0] ?? '';
      return {
        setNo: r.number,
        number: withoutVariant(r.number),
        name: r.name,
        theme: r.theme,
        yearReleased: r.yearReleased,
        metadata: {
          category_id: r.categoryId,
          category_path: r.categoryPath,
          weight_g: r.weightG,
          dimensions: dimensions === '' || dimensions.includes('?') ? null : dimensions,
        },
      };
    }),
    rejected,
  };
}

/** Tells the two downloads apart by their header (or, without one, by the column count). */
export function looksLikeSetsFile(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (first.startsWith('Category ID')) return first.includes('Dimensions');
  return first.split('\t').length === 7;
}
