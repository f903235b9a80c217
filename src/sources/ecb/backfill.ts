import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserError } from '../../core/errors.js';
import { parseEcbHistoryCsv } from './parse-history-csv.js';
import { type StoreOptions, type StoreSummary, storeEcbDays } from './store-rates.js';
import { EcbFormatError } from './types.js';

export interface BackfillSummary extends StoreSummary {
  firstDate: string;
  lastDate: string;
  /** N/A cells: currencies not quoted on a day (before they joined or after they left). */
  notQuoted: number;
}

/** Loads ECB's eurofxref-hist.csv into exchange_rates (against USD). Safe to run again. */
export async function backfillEcbHistory(
  em: EntityManager,
  file: string,
  opts: StoreOptions = {},
): Promise<BackfillSummary> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code}`);
  });
  let history: ReturnType<typeof parseEcbHistoryCsv>;
  try {
    history = parseEcbHistoryCsv(text);
  } catch (err) {
    if (err instanceof EcbFormatError) {
      throw new UserError(`${file} is not ECB's eurofxref-hist.csv: ${err.message}`);
    }
    throw err;
  }
  // Oldest first, so that an interrupted backfill leaves a gap-free history up to where it stopped.
  const days = [...history.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const stored = await storeEcbDays(em, days, opts);
  return {
    ...stored,
    firstDate: days[0]?.date ?? '',
    lastDate: days.at(-1)?.date ?? '',
    notQuoted: history.notQuoted,
  };
}

export function formatBackfillSummary(file: string, s: BackfillSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `ECB history ${file}: ${n(s.days)} days, ${s.firstDate} to ${s.lastDate}.`,
    `Rates against USD: ${n(s.inserted)} inserted, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged ` +
      `(${n(s.notQuoted)} N/A cells skipped: currency not quoted that day).`,
  ];
  if (s.skippedDays.length > 0) {
    lines.push(`Days without a USD rate, skipped: ${s.skippedDays.slice(0, 10).join(', ')}`);
  }
  if (s.inserted === 0 && s.updated === 0) lines.push('Nothing changed: every rate was already stored.');
  return lines.join('\n');
}
