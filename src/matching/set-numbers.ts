import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UserError } from '../core/errors.js';

/**
 * Set numbers from BrickLink's catalogue download for item type Sets (tab-separated: Category ID,
 * Category Name, Number, Name, ...). "75192-1" and "75192-2" both give "75192": titles never
 * write the suffix. With them the matcher knows that "75192" in a title is a set and "12345" is not.
 */
export function parseBrickLinkSetNumbers(text: string): Set<string> {
  const rows = parse(text, {
    delimiter: '\t',
    quote: false,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const numbers = new Set<string>();
  for (const row of rows) {
    const match = /^(\d{3,7})(-\d+)?$/.exec(row[2]?.trim() ?? '');
    if (match) numbers.add(match[1] as string);
  }
  return numbers;
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
