import type { TableBlock } from '../../core/reply.js';

/** Widest a column gets, so one long name does not push the others off a phone screen. */
export const TABLE_MAX_CELL = 40;

const FENCE = '```';

/**
 * A table as a monospaced code block of at most `max` characters: columns padded to their widest
 * cell, right-aligned where asked. Rows that do not fit give way to a visible "… N more rows" line.
 * Returns '' when not even the header fits. Inside a code block Discord interprets nothing but
 * the fence itself, so backticks in cells are replaced by a look-alike instead of escaped.
 */
export function renderTable(table: TableBlock, max: number): string {
  const cells = [table.columns.map((c) => c.header), ...table.rows].map((row) =>
    table.columns.map((_, i) => cell(row[i] ?? '')),
  );
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((text, i) => pad(text, widths[i] ?? 0, table.columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const [header, ...rows] = cells;
  const lines = [line(header ?? []), widths.map((w) => '-'.repeat(w)).join('  ')];
  const frame = FENCE.length * 2 + 2;
  const note = (n: number) => `\n… ${n} more rows`;
  let used = frame + lines.join('\n').length;
  if (used > max) return '';
  let shown = 0;
  for (const row of rows) {
    const text = line(row);
    const last = shown === rows.length - 1;
    // Keep room for the "more rows" note unless this is the last row.
    const reserve = last ? 0 : note(rows.length - shown - 1).length;
    if (used + 1 + text.length + reserve > max) break;
    lines.push(text);
    used += 1 + text.length;
    shown++;
  }
  if (shown < rows.length) {
    if (used + note(rows.length - shown).length > max) return '';
    lines.push(note(rows.length - shown).slice(1));
  }
  return `${FENCE}\n${lines.join('\n')}\n${FENCE}`;
}

/** One line, no fence-breaking backticks, at most TABLE_MAX_CELL characters. */
function cell(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim().replace(/`/g, 'ˋ'));
  return chars.length <= TABLE_MAX_CELL ? chars.join('') : `${chars.slice(0, TABLE_MAX_CELL - 1).join('')}…`;
}

function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return align === 'right' ? fill + text : text + fill;
}
