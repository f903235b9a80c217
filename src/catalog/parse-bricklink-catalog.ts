import type { MinifigureMetadata } from '../db/entities/minifigure.js';
import { type RejectedRow, readCatalogRows } from './catalog-rows.js';

/**
 * BrickLink's catalogue download for minifigures: tab-separated, a header row
 * (Category ID, Category Name, Number, Name, Year Released, Weight (in Grams)), blank lines, and
 * `?` for an unknown year or weight. The category name holds the whole path: "Star Wars / Episode 4/5/6".
 */
export interface CatalogFigure {
  setNumber: string;
  name: string;
  theme: string;
  yearReleased: number | null;
  metadata: Required<Pick<MinifigureMetadata, 'category_id' | 'category_path' | 'weight_g'>>;
}

export interface ParsedCatalog {
  figures: CatalogFigure[];
  rejected: RejectedRow[];
}

export function parseBrickLinkCatalog(text: string): ParsedCatalog {
  const { rows, rejected } = readCatalogRows(text, 6);
  return {
    figures: rows.map((r) => ({
      setNumber: r.number,
      name: r.name,
      theme: r.theme,
      yearReleased: r.yearReleased,
      metadata: { category_id: r.categoryId, category_path: r.categoryPath, weight_g: r.weightG },
    })),
    rejected,
  };
}
