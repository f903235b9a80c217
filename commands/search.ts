import { defineCommand, opt } from '../src/core/command.js';
import type { FigureRef } from '../src/core/figure.js';
import { itemNumberCandidates } from '../src/core/figure-resolver.js';
import { inTheme } from '../src/core/theme-path.js';
import { autocompleteThemes, resolveTheme, themeNamed } from '../src/core/theme-resolver.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import type { FigureFilter, FigureStore } from '../src/deps.js';
import { CONDITIONS, type Deps, type StoredHeadline } from '../src/deps.js';
import { utcDate } from '../src/replies/format.js';
import { type SearchReplyInput, searchReply } from '../src/replies/search.js';

const LIMIT = 10;

/**
 * "police City": the last word or two, when they name a theme exactly (its name or an alias such
 * as City, CMF, HP), filter by it; the rest is the query. A query of only a theme name stays a query.
 */
async function trailingTheme(
  store: FigureStore,
  text: string,
): Promise<{ query: string; theme: string | undefined }> {
  const words = text.split(' ');
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const theme = await themeNamed(store, words.slice(-n).join(' '));
    if (theme) return { query: words.slice(0, -n).join(' '), theme };
  }
  return { query: text, theme: undefined };
}

/** Item numbers first, then full-text name matches, then close misspellings, at most LIMIT. */
async function find(store: FigureStore, query: string, filter: FigureFilter) {
  // A figure found by its number carries only its top-level theme: a subtheme filter checks that.
  const matches = (f: FigureRef) =>
    (filter.theme === undefined || inTheme(filter.theme, f.theme ?? '') || inTheme(f.theme, filter.theme)) &&
    (filter.year === undefined || f.year === filter.year);
  // An item number typed as a query finds its figure first.
  const byNumber = (await store.byItemNumbers(itemNumberCandidates(query))).filter(matches);
  const byName = await store.searchNames(query, filter, LIMIT);
  const found = new Map<string, FigureRef>();
  for (const f of [...byNumber, ...byName]) if (found.size < LIMIT) found.set(f.id, f);
  let fuzzyCount = 0;
  if (found.size < LIMIT) {
    for (const f of await store.fuzzyNames(query, filter, LIMIT)) {
      if (found.size >= LIMIT || found.has(f.id)) continue;
      found.set(f.id, f);
      fuzzyCount++;
    }
  }
  return { query, filter, figures: [...found.values()], fuzzyCount, limit: LIMIT };
}

export default defineCommand({
  name: 'search',
  description: 'Find minifigures by name (typos forgiven), optionally in one theme or year',
  options: {
    query: opt.string({
      description: 'Words of the name, or an item number',
      required: true,
      maxLength: 100,
    }),
    theme: opt.string({
      description: 'Only this theme, e.g. Star Wars',
      maxLength: 100,
      autocomplete: (typed, deps) => autocompleteThemes(deps.figures, typed),
    }),
    year: opt.integer({ description: 'Only figures released this year', min: 1949, max: 2100 }),
    currency: currencyOption(),
  },
  examples: [
    'search boba fett',
    'search police City',
    'search "clone trooper" theme:"Star Wars" 2008',
    'search darth vadr',
  ],
  async run({ options, deps, context }) {
    const year = options.year;
    const found = await (async () => {
      if (options.theme !== undefined) {
        const theme = await resolveTheme(deps.figures, options.theme);
        return find(deps.figures, options.query, { theme, year });
      }
      const trailing = await trailingTheme(deps.figures, options.query);
      const inTrailing = await find(deps.figures, trailing.query, { theme: trailing.theme, year });
      // "Cloud City" is a name, not the City theme: with nothing found in the theme, search the whole text.
      if (inTrailing.figures.length > 0 || trailing.theme === undefined) return inTrailing;
      return find(deps.figures, options.query, { year });
    })();
    const [prices, money] = await Promise.all([
      latestHeadlines(deps, found),
      moneyViewFor(deps, context, options.currency),
    ]);
    return searchReply({ ...found, prices }, money);
  },
});

/**
 * The stored headline of each figure found, per condition, of the latest day kept (today's, else
 * yesterday's before today's refresh): primary-key reads, not the listings behind them.
 */
async function latestHeadlines(deps: Deps, found: Omit<SearchReplyInput, 'prices'>) {
  const today = deps.now();
  const from = utcDate(new Date(today.getTime() - 86_400_000));
  const pairs = found.figures.flatMap((f) => CONDITIONS.map((condition) => ({ figureId: f.id, condition })));
  const latest = new Map<string, StoredHeadline>();
  for (const h of await deps.prices.storedHeadlines(pairs, from, utcDate(today))) {
    const key = `${h.figureId}:${h.condition}`;
    if ((latest.get(key)?.date ?? '') < h.date) latest.set(key, h);
  }
  return latest;
}
