import type { TableBlock } from '../../core/reply.js';
import { SLACK_MAX_SECTION_TEXT } from './limits.js';
import { escapeCode, truncateText } from './slack-text.js';

/** Widest a column gets, so that one long name does not push every other column off a phone screen. */
export const TABLE_MAX_CELL = 40;

const FENCE = '```';

/**
 * A table as a monospaced mrkdwn code block that fits one section (3,000 characters): columns
 * padded to their widest cell, right-aligned where asked, and rows that do not fit replaced by a
 * visible "… N more rows" line.
 */
export function renderTable(table: TableBlock, max = SLACK_MAX_SECTION_TEXT): string {
  const cells = [table.columns.map((c) => c.header), ...table.rows].map((row) =>
    table.columns.map((_, i) => truncateText(clean(row[i] ?? ''), TABLE_MAX_CELL)),
  );
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ''))));
  const line = (row: string[]) =>
    escapeCode(
      row
        .map((cell, i) => pad(cell, widths[i] ?? 0, table.columns[i]?.align ?? 'left'))
        .join('  ')
        .trimEnd(),
    );
  const [header, ...rows] = cells;
  const lines = [line(header ?? []), escapeCode(widths.map((w) => '-'.repeat(w)).join('  '))];
  // Room for the fences, their newlines and the longest possible "more rows" note.
  const room = max - (FENCE.length * 2 + 2) - `\n… ${rows.length} more rows`.length;
  let used = lines.join('\n').length;
  let shown = 0;
  for (const row of rows) {
    const text = line(row);
    if (used + 1 + text.length > room) break;
    lines.push(text);
    used += 1 + text.length;
    shown++;
  }
  if (shown < rows.length) lines.push(`… ${rows.length - shown} more rows`);
  const body = `${FENCE}\n${lines.join('\n')}\n${FENCE}`;
  // Only a header wider than the whole section can still be too long; cut it and close the fence.
  return body.length <= max ? body : `${truncateText(body, max - FENCE.length - 1)}\n${FENCE}`;
}

/** Cells are one line each. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Display width in code points, close enough for the Latin text of names and prices. */
function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, to: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return align === 'right' ? fill + text : text + fill;
}
