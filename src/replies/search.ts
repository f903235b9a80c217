import type { FigureRef } from '../core/figure.js';
import type { Reply } from '../core/reply.js';
import { footerWith, type MoneyView, USD_VIEW } from '../currency/money-view.js';
import type { FigureFilter, StoredHeadline } from '../deps.js';
import { truncate } from './format.js';

export interface SearchReplyInput {
  query: string;
  filter: FigureFilter;
  /** Full-text matches first, then close misspellings; at most `limit`. */
  figures: FigureRef[];
  /** How many of `figures` came from the fuzzy (misspelling) fallback. */
  fuzzyCount: number;
  limit: number;
  /** The latest stored headline of each figure found, keyed "figureId:condition". */
  prices?: Map<string, StoredHeadline>;
}

function describeQuery(input: SearchReplyInput): string {
  const filters = [input.filter.theme, input.filter.year?.toString()].filter(Boolean).join(', ');
  return `"${truncate(input.query, 60)}"${filters ? ` in ${filters}` : ''}`;
}

/** The `search` reply: up to `limit` figures with their item numbers and headline prices. */
export function searchReply(input: SearchReplyInput, money: MoneyView = USD_VIEW): Reply {
  const price = (id: string, condition: string) => {
    const h = input.prices?.get(`${id}:${condition}`);
    return h ? money.show(h.price, h.date) : '–';
  };
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
          { header: 'New', align: 'right' },
          { header: 'Used', align: 'right' },
        ],
        rows: input.figures.map((f) => [
          f.itemNo,
          truncate(f.name, 48),
          f.year?.toString() ?? '?',
          f.theme ?? '?',
          price(f.id, 'new'),
          price(f.id, 'used'),
        ]),
      },
    ],
    footer: footerWith('Headline prices · price <item> for details · history <item> for a chart', money),
  };
}
