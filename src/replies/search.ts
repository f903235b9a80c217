import type { FigureRef } from '../core/figure.js';
import type { Reply } from '../core/reply.js';
import type { FigureFilter } from '../deps.js';
import { truncate } from './format.js';

export interface SearchReplyInput {
  query: string;
  filter: FigureFilter;
  /** Full-text matches first, then close misspellings; at most `limit`. */
  figures: FigureRef[];
  /** How many of `figures` came from the fuzzy (misspelling) fallback. */
  fuzzyCount: number;
  limit: number;
}

function describeQuery(input: SearchReplyInput): string {
  const filters = [input.filter.theme, input.filter.year?.toString()].filter(Boolean).join(', ');
  return `"${truncate(input.query, 60)}"${filters ? ` in ${filters}` : ''}`;
}

/** The `search` reply: up to `limit` figures with their item numbers. */
export function searchReply(input: SearchReplyInput): Reply {
  const what = describeQuery(input);
  if (input.figures.length === 0) {
    const text = `No figures match ${what}. Try fewer words, another spelling, or no filters.`;
    return { title: 'Search', summary: text, tone: 'neutral', blocks: [{ type: 'text', text }] };
  }
  const n = input.figures.length;
  const shown = n >= input.limit ? `the best ${n}` : String(n);
  const fuzzyNote = input.fuzzyCount > 0 ? ` (${input.fuzzyCount} by similar spelling)` : '';
  const summary = `${shown} ${n === 1 ? 'figure' : 'figures'} for ${what}${fuzzyNote}`;
  return {
    title: 'Search',
    summary: summary.charAt(0).toUpperCase() + summary.slice(1),
    tone: 'info',
    blocks: [
      { type: 'text', text: summary.charAt(0).toUpperCase() + summary.slice(1) },
      {
        type: 'table',
        columns: [
          { header: 'Item' },
          { header: 'Name' },
          { header: 'Year', align: 'right' },
          { header: 'Theme' },
        ],
        rows: input.figures.map((f) => [
          f.itemNo,
          truncate(f.name, 60),
          f.year?.toString() ?? '?',
          f.theme ?? '?',
        ]),
      },
    ],
    footer: 'price <item> for prices · history <item> for a chart',
  };
}
