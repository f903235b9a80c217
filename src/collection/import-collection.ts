import type { AlertingStore, ChatUserKey, PaidPrice, WatchImportRow } from '../alerts/store.js';
import type { Reply } from '../core/reply.js';
import { ratedView } from '../currency/money-view.js';
import type { RateBook } from '../currency/rate-book.js';
import type { FigureStore } from '../deps.js';
import { paidIn, paidPrice } from '../portfolio/paid.js';
import { plural } from '../replies/format.js';
import { type CollectionRow, parseCollection } from './collection-file.js';

/** The currency a file's prices are in when it names none, and how to store them. */
export interface ImportPrices {
  /** The importing user's currency (their setting, else the channel's, else USD). */
  currency: string;
  /** Today (YYYY-MM-DD, UTC): prices are stored with their USD amount at its rate. */
  today: string;
  /** The ECB rates, read only when a price is in a currency other than USD. */
  book(): Promise<RateBook>;
}

/** Line numbers as people read them: "lines 4, 10 and 16". */
function lines(ns: number[], max = 15): string {
  const shown = ns.slice(0, max).map(String);
  const more = ns.length - shown.length;
  const list =
    more > 0
      ? `${shown.join(', ')} and ${more} more`
      : shown.length > 1
        ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`
        : (shown[0] ?? '');
  return `${ns.length === 1 ? 'line' : 'lines'} ${list}`;
}

/**
 * `watch import`: reads a BrickLink XML or CSV collection file, matches its item numbers to the
 * catalogue and imports what it can. Unknown items and repeated rows are reported by line; a
 * malformed file stops before anything is written (parseCollection throws). Prices are in the
 * currency the file names, else the user's (`prices`).
 */
export async function importCollection(
  figures: FigureStore,
  store: AlertingStore,
  user: ChatUserKey,
  text: string,
  name: string,
  prices: ImportPrices,
): Promise<Reply> {
  const { format, rows, notFigures } = parseCollection(text, name);
  const stored = new Map((await store.listWatch(user)).map((w) => [`${w.figure.id}:${w.condition}`, w.paid]));
  const book = rows.some((r) => r.paid !== null && (r.currency ?? prices.currency) !== 'USD')
    ? await prices.book()
    : null;
  const known = new Map(
    (await figures.byItemNumbers([...new Set(rows.map((r) => r.itemNo))])).map((f) => [
      f.itemNo.toLowerCase(),
      f,
    ]),
  );
  const unknown: CollectionRow[] = [];
  const repeats: { line: number; first: number }[] = [];
  const firstLine = new Map<string, number>();
  const toImport: WatchImportRow[] = [];
  for (const r of rows) {
    const figure = known.get(r.itemNo.toLowerCase());
    if (!figure) {
      unknown.push(r);
      continue;
    }
    const key = `${figure.id}:${r.condition}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      repeats.push({ line: r.line, first });
      continue;
    }
    firstLine.set(key, r.line);
    const currency = r.currency ?? prices.currency;
    const before = stored.get(key) ?? null;
    toImport.push({
      line: r.line,
      minifigureId: figure.id,
      condition: r.condition,
      quantity: r.quantity,
      // A price the export wrote converted (a BrickLink XML is in one currency) is the stored one:
      // null keeps it, so export then import changes nothing.
      paid:
        r.paid === null || writtenAs(before, r.paid, currency, book, prices.today)
          ? null
          : paidPrice(r.paid, currency, book, prices.today),
    });
  }
  const result = await store.importWatch(user, toImport);
  const changed = result.added.length + result.updated.length;
  const parts = [
    result.added.length > 0 ? `${result.added.length} added (${lines(result.added)})` : null,
    result.updated.length > 0 ? `${result.updated.length} updated (${lines(result.updated)})` : null,
    result.unchanged.length > 0 ? `${result.unchanged.length} unchanged` : null,
  ].filter(Boolean);
  const messages: string[] = [
    changed === 0 && toImport.length > 0
      ? `Nothing changed: all ${plural(result.unchanged.length, 'item')} of ${name} were already on your watchlist as the file has them.`
      : `Imported ${name} (${format === 'xml' ? 'BrickLink XML' : 'CSV'}): ${parts.join(', ') || 'nothing to import'}.`,
  ];
  if (unknown.length > 0) {
    messages.push(
      `Not in the catalogue, skipped: ${unknown
        .slice(0, 15)
        .map((u) => `line ${u.line} ${u.itemNo}`)
        .join(', ')}${unknown.length > 15 ? ` and ${unknown.length - 15} more` : ''}.`,
    );
  }
  if (notFigures.length > 0) {
    messages.push(
      `Not minifigures, skipped: ${notFigures
        .slice(0, 15)
        .map((n) => `line ${n.line} ${n.itemNo} (type ${n.type})`)
        .join(', ')}${notFigures.length > 15 ? ` and ${notFigures.length - 15} more` : ''}.`,
    );
  }
  if (repeats.length > 0) {
    messages.push(
      `Repeated, skipped: ${repeats.map((r) => `line ${r.line} (as line ${r.first})`).join(', ')}.`,
    );
  }
  if (result.overLimit.length > 0) {
    messages.push(
      `Your watchlist is full (${store.watchlistLimit} figures): ${lines(result.overLimit)} not added. Remove some with watch remove.`,
    );
  }
  return {
    title: 'Watchlist import',
    summary: messages[0] as string,
    tone:
      unknown.length + repeats.length + result.overLimit.length > 0
        ? 'warning'
        : changed > 0
          ? 'positive'
          : 'info',
    ephemeral: true,
    blocks: messages.map((t) => ({ type: 'text', text: t })),
  };
}

/**
 * Is `amount` in `currency` what `watch export` writes for the stored price `before`: the price in
 * another currency converted as `watch value` shows it (./portfolio/paid.ts), to four decimals?
 */
function writtenAs(
  before: PaidPrice | null,
  amount: number,
  currency: string,
  book: RateBook | null,
  today: string,
): boolean {
  if (before === null || before.currency === currency) return false;
  const view = ratedView(currency, book, today);
  return view !== null && Number(paidIn(view, before).toFixed(4)) === amount;
}
