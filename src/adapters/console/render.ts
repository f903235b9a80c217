/**
 * Reply → plain text for a terminal, a PURE function. The chart itself cannot be shown here: the
 * console chat writes it to a file and passes the path in, which is printed instead.
 */
import type { Invocation } from '../../core/command.js';
import { formatInvocation } from '../../core/parse-text.js';
import type { Block, Reply, TableBlock, Tone } from '../../core/reply.js';
import { truncate } from '../../core/text.js';

/** Width of rules and the widest a table may grow before its cells are cut. */
export const CONSOLE_WIDTH = 100;
/** Longest table cell, so one long name cannot push the other columns off screen. */
export const CONSOLE_MAX_CELL = 48;

const TONE_PREFIX: Record<Tone, string> = {
  neutral: '',
  info: '',
  positive: '▲ ',
  negative: '▼ ',
  warning: '! ',
  error: 'Error: ',
};

export interface ConsoleRenderOptions {
  /** Where the reply's image was saved; printed in its place. */
  imagePath?: string;
  /** How an action's invocation is written for a person to type (default: the named form). */
  typed?: (inv: Invocation) => string;
}

function table(block: TableBlock): string[] {
  const rows = block.rows.map((r) => block.columns.map((_, i) => truncate(r[i] ?? '', CONSOLE_MAX_CELL)));
  const widths = block.columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        block.columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(block.columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
}

function block(b: Block, typed: (inv: Invocation) => string): string[] {
  switch (b.type) {
    case 'text':
      return b.text.split('\n');
    case 'fields': {
      const width = Math.min(24, Math.max(...b.fields.map((f) => f.label.length)));
      return b.fields.flatMap((f) => {
        const [first = '', ...rest] = f.value.split('\n');
        const label = f.label.length > width ? `${f.label}\n${' '.repeat(width)}` : f.label.padEnd(width);
        return [`${label}  ${first}`, ...rest.map((r) => `${' '.repeat(width)}  ${r}`)];
      });
    }
    case 'table':
      return table(b);
    case 'divider':
      return ['-'.repeat(Math.min(CONSOLE_WIDTH, 40))];
    case 'actions':
      return ['Try next:', ...b.buttons.map((btn) => `  ${btn.label}: ${typed(btn.invocation)}`)];
  }
}

export function renderConsole(reply: Reply, opts: ConsoleRenderOptions = {}): string {
  const out: string[] = [];
  if (reply.label) out.push(`[${reply.label.toUpperCase()}]`);
  const prefix = TONE_PREFIX[reply.tone ?? 'neutral'];
  if (reply.title) {
    out.push(`${prefix}${reply.title}`);
    out.push('='.repeat(Math.min(CONSOLE_WIDTH, prefix.length + reply.title.length)));
    if (reply.url) out.push(reply.url);
  }
  reply.blocks.forEach((b, i) => {
    const lines = block(b, opts.typed ?? formatInvocation);
    if (i === 0 && !reply.title && prefix && lines.length > 0) lines[0] = `${prefix}${lines[0]}`;
    out.push(...lines);
  });
  if (reply.blocks.length === 0 && !reply.title) out.push(`${prefix}${reply.summary}`);
  if (reply.thumbnail) out.push(`Image: ${reply.thumbnail.url}`);
  if (reply.image) {
    const what = /\.png$/i.test(reply.image.filename) ? 'Chart' : 'File';
    out.push(opts.imagePath ? `${what}: ${opts.imagePath}` : `${what}: ${reply.image.filename} (not saved)`);
  }
  if (reply.footer) out.push(`-- ${reply.footer}`);
  return `${out.join('\n')}\n`;
}
