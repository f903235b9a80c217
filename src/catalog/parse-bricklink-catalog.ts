import { parse } from 'csv-parse/sync';
import type { MinifigureMetadata } from '../db/entities/minifigure.js';

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

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ParsedCatalog {
  figures: CatalogFigure[];
  rejected: RejectedRow[];
}

const COLUMNS = 6;
const ITEM_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const FIRST_YEAR = 1949;

export function parseBrickLinkCatalog(text: string): ParsedCatalog {
  const records = parse(text, {
    delimiter: '\t',
    quote: false,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const figures: CatalogFigure[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  const lastYear = new Date().getUTCFullYear() + 1;

  for (const { record, info } of records) {
    const line = info.lines;
    if (line === 1 && record[0]?.trim() === 'Category ID') continue;
    const result = parseRow(record, lastYear);
    if (typeof result === 'string') {
      rejected.push({ line, reason: result });
      continue;
    }
    const firstLine = seen.get(result.setNumber.toLowerCase());
    if (firstLine !== undefined) {
      rejected.push({
        line,
        reason: `duplicate item number ${result.setNumber} (first on line ${firstLine})`,
      });
      continue;
    }
    seen.set(result.setNumber.toLowerCase(), line);
    figures.push(result);
  }
  return { figures, rejected };
}

function parseRow(record: string[], lastYear: number): CatalogFigure | string {
  if (record.length !== COLUMNS) return `expected ${COLUMNS} tab-separated columns, found ${record.length}`;
  const [categoryId, categoryName, number, name, year, weight] = record.map((c) => c.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d+$/.test(categoryId)) return `category id "${categoryId}" is not a number`;
  if (!ITEM_NUMBER.test(number)) return `item number "${number}" is not a BrickLink item number`;
  if (name === '') return 'name is empty';
  const categoryPath = categoryName
    .split(' / ')
    .map((part) => part.trim())
    .filter(Boolean);
  if (categoryPath.length === 0) return 'category name is empty';

  let yearReleased: number | null = null;
  if (year !== '?' && year !== '') {
    if (!/^\d{4}$/.test(year) || Number(year) < FIRST_YEAR || Number(year) > lastYear) {
      return `year "${year}" is not a year between ${FIRST_YEAR} and ${lastYear} or "?"`;
    }
    yearReleased = Number(year);
  }
  let weightG: number | null = null;
  if (weight !== '?' && weight !== '') {
    weightG = Number(weight);
    if (!Number.isFinite(weightG) || weightG < 0) return `weight "${weight}" is not a number of grams or "?"`;
  }
  return {
    setNumber: number,
    name,
    theme: categoryPath[0] as string,
    yearReleased,
    metadata: { category_id: Number(categoryId), category_path: categoryPath, weight_g: weightG },
  };
}
