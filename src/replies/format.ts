import type { TableColumn } from '../core/reply.js';
import { truncate } from '../core/text.js';
import { money } from '../currency/format-money.js';

export { truncate };

/** Display formatting shared by the reply builders: one look for money, changes and times everywhere. */

export function usd(n: number): string {
  return money(n, 'USD');
}

/** A fractional change as a signed percentage: 0.123 → "+12.3%", -0.04 → "−4.0%"; null → "n/a". */
export function percent(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return 'n/a';
  const pct = change * 100;
  const text = Math.abs(pct) >= 1000 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(1);
  if (text === '0.0') return '0.0%';
  return `${pct > 0 ? '+' : '−'}${text}%`;
}

/** "2026-11-26 09:30 UTC": chat users are everywhere, so times are always shown in UTC and say so. */
export function utcDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "3 h ago", "2 d ago", "just now". */
export function ago(then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The first columns of a table with a figure in one condition a row; figureCells fills them. */
export const FIGURE_COLUMNS: readonly TableColumn[] = [
  { header: 'Item' },
  { header: 'Name' },
  { header: 'Cond' },
];

/** A row's cells under FIGURE_COLUMNS: the item number, the name (cut to `nameWidth`), the condition. */
export function figureCells(
  figure: { itemNo: string; name: string },
  condition: string,
  nameWidth = 32,
): string[] {
  return [figure.itemNo, truncate(figure.name, nameWidth), condition];
}
