import { parse } from 'csv-parse/sync';

/**
 * What BrickLink's Catalog Downloads (minifigures, sets) have in common: tab-separated rows
 * `Category ID, Category Name, Number, Name, Year Released, Weight, ...`, a header row, blank lines,
 * `?` for an unknown value, and the category name holding the whole path ("Star Wars / Episode 4/5/6").
 */
export interface CatalogRow {
  number: string;
  name: string;
  /** The top-level category. */
  theme: string;
  yearReleased: number | null;
  categoryId: number;
  categoryPath: string[];
  weightG: number | null;
  /** The columns after the weight, trimmed. */
  rest: string[];
}

export interface RejectedRow {
  line: number;
  reason: string;
}

const ITEM_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const FIRST_YEAR = 1949;

/**
 * Reads every row with exactly `columns` columns; bad rows and repeated numbers are rejected with
 * their line numbers and the reason.
 */
export function readCatalogRows(
  text: string,
  columns: number,
): { rows: CatalogRow[]; rejected: RejectedRow[] } {
  const records = parse(text, {
    delimiter: '\t',
    quote: false,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows: CatalogRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  const lastYear = new Date().getUTCFullYear() + 1;

  for (const { record, info } of records) {
    const line = info.lines;
    if (line === 1 && record[0]?.trim() === 'Category ID') continue;
    const result = parseRow(record, columns, lastYear);
    if (typeof result === 'string') {
      rejected.push({ line, reason: result });
      continue;
    }
    const firstLine = seen.get(result.number.toLowerCase());
    if (firstLine !== undefined) {
      rejected.push({ line, reason: `duplicate item number ${result.number} (first on line ${firstLine})` });
      continue;
    }
    seen.set(result.number.toLowerCase(), line);
    rows.push(result);
  }
  return { rows, rejected };
}

function parseRow(record: string[], columns: number, lastYear: number): CatalogRow | string {
  if (record.length !== columns) return `expected ${columns} tab-separated columns, found ${record.length}`;
  const [categoryId, categoryName, number, name, year, weight, ...rest] = record.map((c) => c.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
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
    number,
    name,
    theme: categoryPath[0] as string,
    yearReleased,
    categoryId: Number(categoryId),
    categoryPath,
    weightG,
    rest,
  };
}
