import { CURRENCY_CODE, ECB_RATE, type EcbDay, EcbFormatError, ISO_DATE } from './types.js';

export interface EcbHistory {
  /** Newest first, as in the file. */
  days: EcbDay[];
  /** Cells reading N/A: the currency was not quoted that day (not yet, or no longer). */
  notQuoted: number;
}

/**
 * Parses ECB's eurofxref-hist.csv: a header `Date,USD,JPY,...,` and one line per publication day,
 * newest first. Its quirks: `N/A` where a currency was not quoted that day, and a trailing comma on
 * every line (an empty last column). The format has no quoting, so a split is exact, and much
 * faster than a general CSV parser. A malformed line throws EcbFormatError naming its line number:
 * a history backfill is all or nothing.
 */
export function parseEcbHistoryCsv(text: string): EcbHistory {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 'Date') throw new EcbFormatError('line 1: expected a header starting with "Date"');
  const currencies = header.slice(1);
  if (currencies.at(-1) === '') currencies.pop();
  for (const c of currencies) {
    if (!CURRENCY_CODE.test(c)) throw new EcbFormatError(`line 1: bad currency column ${JSON.stringify(c)}`);
  }

  const days: EcbDay[] = [];
  let notQuoted = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const date = (cells[0] ?? '').trim();
    if (!ISO_DATE.test(date)) throw new EcbFormatError(`line ${i + 1}: bad date ${JSON.stringify(date)}`);
    const rates = new Map<string, string>();
    currencies.forEach((currency, col) => {
      const cell = (cells[col + 1] ?? '').trim();
      if (cell === 'N/A' || cell === '') {
        notQuoted++;
        return;
      }
      if (!ECB_RATE.test(cell) || Number(cell) === 0) {
        throw new EcbFormatError(`line ${i + 1}: bad ${currency} rate ${JSON.stringify(cell)}`);
      }
      rates.set(currency, cell);
    });
    days.push({ date, rates });
  }
  if (days.length === 0) throw new EcbFormatError('no data lines after the header');
  return { days, notQuoted };
}
