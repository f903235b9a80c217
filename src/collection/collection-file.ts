/**
 * Collection files: BrickLink's XML (the format of its wanted-list and inventory uploads) and a
 * CSV `item_no,quantity,condition,paid,currency`. Parsing is all or nothing: a malformed file is
 * one UserError with the line, and nothing is imported. A price paid is in the currency the file
 * names (the CSV's currency column, or the amount's own: €45, 45 EUR), else in the importing
 * user's currency (BrickLink's XML has no currency: its prices are in the user's).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../core/errors.js';
import { currencyCode } from '../currency/currencies.js';
import { readTypedAmount } from '../currency/typed-amount.js';
import type { Condition } from '../deps.js';

/** One row of a collection file, with its line number. */
export interface CollectionRow {
  line: number;
  itemNo: string;
  quantity: number;
  condition: Condition;
  /** Price paid per figure; null when the file gives none. */
  paid: number | null;
  /** The currency of `paid` when the file names it; null: the importing user's. */
  currency: string | null;
}

/** Files larger than this are refused before parsing (a 200-figure watchlist is ~40 KB of XML). */
export const MAX_COLLECTION_BYTES = 256 * 1024;
/** Rows one file may hold. */
export const MAX_COLLECTION_ROWS = 2_000;

const ITEM_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const MAX_QUANTITY = 10_000;
const MAX_PAID = 1_000_000;

export type CollectionFormat = 'xml' | 'csv';

export interface ParsedCollection {
  format: CollectionFormat;
  rows: CollectionRow[];
  /** Items that are not minifigures (parts, sets in a BrickLink list), by line. */
  notFigures: { line: number; itemNo: string; type: string }[];
}

/** Reads a collection file, XML or CSV by its content. */
export function parseCollection(text: string, name = 'the file'): ParsedCollection {
  if (Buffer.byteLength(text, 'utf8') > MAX_COLLECTION_BYTES) {
    throw new UserError(
      `${name} is larger than ${MAX_COLLECTION_BYTES / 1024} KB; split it, nothing was imported.`,
    );
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new UserError(`${name} is empty; nothing was imported.`);
  const format: CollectionFormat = body.trimStart().startsWith('<') ? 'xml' : 'csv';
  const notFigures: ParsedCollection['notFigures'] = [];
  const rows = format === 'xml' ? parseXml(body, name, notFigures) : parseCsvRows(body, name);
  if (rows.length > MAX_COLLECTION_ROWS) {
    throw new UserError(
      `${name} has ${rows.length} items; at most ${MAX_COLLECTION_ROWS}. Nothing was imported.`,
    );
  }
  return { format, rows, notFigures };
}

function fail(name: string, line: number, what: string): never {
  throw new UserError(`${name}, line ${line}: ${what}. Nothing was imported.`);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const xml = new XMLParser({ parseTagValue: false, trimValues: true, isArray: (tag) => tag === 'ITEM' });

interface XmlItem {
  ITEMTYPE?: string;
  ITEMID?: string;
  MINQTY?: string;
  QTY?: string;
  CONDITION?: string;
  MAXPRICE?: string;
  PRICE?: string;
}

function parseXml(text: string, name: string, notFigures: ParsedCollection['notFigures']): CollectionRow[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail(name, valid.err.line, `not well-formed XML (${valid.err.msg})`);
  const doc = xml.parse(text) as { INVENTORY?: { ITEM?: XmlItem[] } | string };
  if (doc.INVENTORY === undefined) {
    fail(name, 1, 'expected BrickLink XML: <INVENTORY><ITEM><ITEMTYPE>M</ITEMTYPE><ITEMID>sw0002</ITEMID>…');
  }
  const items = typeof doc.INVENTORY === 'object' ? (doc.INVENTORY.ITEM ?? []) : [];
  // The parser gives no positions: the n-th <ITEM> opening tag is the n-th item.
  const starts = [...text.matchAll(/<ITEM[\s>]/g)].map((m) => lineAt(text, m.index ?? 0));
  return items.flatMap((item, i) => {
    const line = starts[i] ?? 1;
    if (item.ITEMTYPE !== undefined && item.ITEMTYPE !== 'M') {
      notFigures.push({ line, itemNo: item.ITEMID ?? '', type: item.ITEMTYPE });
      return [];
    }
    const condition = item.CONDITION ?? 'X';
    if (!['N', 'U', 'X'].includes(condition)) fail(name, line, `condition "${condition}" is not N, U or X`);
    return row(name, line, {
      itemNo: item.ITEMID,
      quantity: item.MINQTY ?? item.QTY,
      // X (any) counts as used, as `watch add` does without a condition.
      condition: condition === 'N' ? 'new' : 'used',
      paid: noPrice(item.MAXPRICE ?? item.PRICE),
    });
  });
}

/** BrickLink writes -1.0000 for "no maximum price". */
function noPrice(value: string | undefined): string | undefined {
  return value !== undefined && /^-\d+(\.\d+)?$/.test(value.trim()) ? undefined : value;
}

const CSV_HEADER = ['item_no', 'quantity', 'condition', 'paid', 'currency'];

function parseCsvRows(text: string, name: string): CollectionRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    fail(name, line, 'not a readable CSV (check the quotes)');
  }
  const rows: CollectionRow[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    if (line === 1 && record[0]?.toLowerCase() === 'item_no') {
      if (record.join(',').toLowerCase() !== CSV_HEADER.slice(0, record.length).join(',')) {
        fail(name, 1, `the header should be ${CSV_HEADER.join(',')}`);
      }
      continue;
    }
    if (record.length < 1 || record.length > CSV_HEADER.length) {
      fail(
        name,
        line,
        `expected ${CSV_HEADER.join(',')} (1 to ${CSV_HEADER.length} columns), found ${record.length} columns`,
      );
    }
    const [itemNo, quantity, condition, paid, currency] = record;
    const c = (condition ?? '').toLowerCase();
    if (!['', 'new', 'used', 'n', 'u'].includes(c))
      fail(name, line, `condition "${condition}" is not new or used`);
    rows.push(
      row(name, line, {
        itemNo,
        quantity: quantity === '' ? undefined : quantity,
        condition: c === 'new' || c === 'n' ? 'new' : 'used',
        paid: paid === '' ? undefined : paid,
        currency: currency === '' ? undefined : currency,
      }),
    );
  }
  return rows;
}

function row(
  name: string,
  line: number,
  r: { itemNo?: string; quantity?: string; condition: Condition; paid?: string; currency?: string },
): CollectionRow {
  const itemNo = r.itemNo?.trim() ?? '';
  if (!ITEM_NUMBER.test(itemNo)) fail(name, line, `"${itemNo}" is not a BrickLink item number`);
  let quantity = 1;
  if (r.quantity !== undefined) {
    quantity = Number(r.quantity);
    if (!/^\d+$/.test(r.quantity.trim()) || quantity < 1 || quantity > MAX_QUANTITY) {
      fail(name, line, `quantity "${r.quantity}" is not a whole number from 1 to ${MAX_QUANTITY}`);
    }
  }
  let currency: string | null = null;
  if (r.currency !== undefined) {
    currency = currencyCode(r.currency) ?? null;
    if (currency === null)
      fail(name, line, `currency "${r.currency}" is not USD or a currency ECB publishes`);
  }
  let paid: number | null = null;
  if (r.paid !== undefined) {
    // alert add's price syntax: 12.50, €12.50, 12.50 EUR.
    const read = readTypedAmount(r.paid);
    if (read === undefined || read.amount > MAX_PAID) {
      fail(name, line, `price "${r.paid}" is not an amount such as 12.50, €12.50 or 12.50 EUR`);
    }
    if (read.currency !== undefined && currency !== null && read.currency !== currency) {
      fail(name, line, `price "${r.paid}" is in ${read.currency} but the currency column says ${currency}`);
    }
    paid = read.amount;
    currency ??= read.currency ?? null;
  }
  if (paid === null) currency = null;
  return { line, itemNo, quantity, condition: r.condition, paid, currency };
}

/** One watched item as a file row. */
export interface ExportItem {
  itemNo: string;
  quantity: number;
  condition: Condition;
  /** The price paid: in `currency` in a CSV; in a BrickLink XML, in the currency the whole file is in. */
  paid: number | null;
  currency: string | null;
}

/** A price as BrickLink writes it: two decimals, up to four when the cents are split. */
function amount(n: number): string {
  const s = n.toFixed(4);
  if (s.endsWith('00')) return s.slice(0, -2);
  return s.endsWith('0') ? s.slice(0, -1) : s;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A BrickLink wanted-list upload: one ITEM per figure and condition, MINQTY the quantity, the price
 * paid as MAXPRICE (what BrickLink then shows as the most you would pay), NOTIFY off. BrickLink
 * accepts it as it is (Want > Upload), and `watch import` reads it back unchanged. BrickLink's
 * format names no currency (its prices are in the user's), so every `paid` must be in one: the
 * exporting user's, which is what `watch import` reads a file without one in.
 */
export function toBrickLinkXml(items: ExportItem[]): string {
  const lines = ['<INVENTORY>'];
  for (const i of items) {
    lines.push(
      '  <ITEM>',
      '    <ITEMTYPE>M</ITEMTYPE>',
      `    <ITEMID>${escapeXml(i.itemNo)}</ITEMID>`,
      `    <MINQTY>${i.quantity}</MINQTY>`,
      `    <CONDITION>${i.condition === 'new' ? 'N' : 'U'}</CONDITION>`,
      ...(i.paid === null ? [] : [`    <MAXPRICE>${amount(i.paid)}</MAXPRICE>`]),
      '    <NOTIFY>N</NOTIFY>',
      '  </ITEM>',
    );
  }
  lines.push('</INVENTORY>', '');
  return lines.join('\n');
}

export function toCollectionCsv(items: ExportItem[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const i of items) {
    const paid = i.paid === null ? ['', ''] : [amount(i.paid), i.currency ?? ''];
    lines.push([i.itemNo, i.quantity, i.condition, ...paid].join(','));
  }
  return `${lines.join('\n')}\n`;
}
