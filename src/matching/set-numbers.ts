import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { REFERENCE_DATA } from '../reference-data/index.js';

/** One set of BrickLink's Sets catalogue download, as the matcher needs it. */
export interface CatalogueSet {
  /** Without BrickLink's "-1" suffix, as titles write it: "75192". */
  number: string;
  name: string;
  /** BrickLink category path, top level first: ["Star Wars", "Star Wars Episode 4/5/6"]. */
  categoryPath: string[];
  year: number | null;
}

/**
 * Sets from BrickLink's catalogue download for item type Sets (tab-separated: Category ID,
 * Category Name, Number, Name, Year Released, ...). "75192-1" and "75192-2" both give "75192":
 * titles never write the suffix; the first one listed is kept. Numbers that are not digits
 * ("col01-1", "MFCN-2") are left out: titles do not cite them as set numbers.
 */
export function parseBrickLinkSets(text: string): CatalogueSet[] {
  const sets = new Map<string, CatalogueSet>();
  // Split by hand: the file has no quoting (csv-parse's quote: false), and this runs at every
  // matcher build, where a CSV parser took half a second for the 21k lines.
  for (const line of text.replace(/^\uFEFF/, '').split('\n')) {
    const row = line.split('\t');
    const match = /^(\d{3,7})(-\d+)?$/.exec(row[2]?.trim() ?? '');
    if (!match || sets.has(match[1] as string)) continue;
    const year = Number(row[4]);
    sets.set(match[1] as string, {
      number: match[1] as string,
      name: row[3]?.trim() ?? '',
      categoryPath: categoryPath(row[1] ?? ''),
      year: Number.isInteger(year) && year > 1900 ? year : null,
    });
  }
  return [...sets.values()];
}

/** "Collectible Minifigures / Series  9 Minifigures" -> ["Collectible Minifigures", "Series 9 Minifigures"]. */
export function categoryPath(name: string): string[] {
  return name
    .split(' / ')
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The set numbers of a Sets download: with them the matcher knows that "75192" is a set and "12345" is not. */
export function parseBrickLinkSetNumbers(text: string): Set<string> {
  return new Set(parseBrickLinkSets(text).map((s) => s.number));
}

export async function readBrickLinkSetNumbers(file: string): Promise<Set<string>> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code}`);
  });
  const numbers = parseBrickLinkSetNumbers(text);
  if (numbers.size === 0) {
    throw new UserError(`${file} holds no set numbers. Expected BrickLink's tab-separated Sets download.`);
  }
  return numbers;
}

let shipped: Promise<CatalogueSet[]> | undefined;

/**
 * The Sets catalogue shipped in the repository (src/reference-data), read once per process: it
 * tells which numbers are collectible-series packets and what a set's theme and year are.
 */
export function shippedSets(): Promise<CatalogueSet[]> {
  shipped ??= readFile(REFERENCE_DATA.sets, 'utf8').then(parseBrickLinkSets);
  return shipped;
}
