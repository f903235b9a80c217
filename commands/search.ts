import { defineCommand, opt } from '../src/core/command.js';
import type { FigureRef } from '../src/core/figure.js';
import { itemNumberCandidates } from '../src/core/figure-resolver.js';
import { autocompleteThemes, resolveTheme } from '../src/core/theme-resolver.js';
import type { FigureFilter } from '../src/deps.js';
import { searchReply } from '../src/replies/search.js';

const LIMIT = 10;

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
  },
  examples: ['search boba fett', 'search "clone trooper" theme:"Star Wars" 2008', 'search darth vadr'],
  async run({ options, deps }) {
    const theme = options.theme === undefined ? undefined : await resolveTheme(deps.figures, options.theme);
    const filter: FigureFilter = { theme, year: options.year };
    const matches = (f: FigureRef) =>
      (theme === undefined || f.theme === theme) && (options.year === undefined || f.year === options.year);

    // An item number typed as a query finds its figure first.
    const byNumber = (await deps.figures.byItemNumbers(itemNumberCandidates(options.query))).filter(matches);
    const byName = await deps.figures.searchNames(options.query, filter, LIMIT);
    const found = new Map<string, FigureRef>();
    for (const f of [...byNumber, ...byName]) if (found.size < LIMIT) found.set(f.id, f);
    let fuzzyCount = 0;
    if (found.size < LIMIT) {
      for (const f of await deps.figures.fuzzyNames(options.query, filter, LIMIT)) {
        if (found.size >= LIMIT || found.has(f.id)) continue;
        found.set(f.id, f);
        fuzzyCount++;
      }
    }
    return searchReply({
      query: options.query,
      filter,
      figures: [...found.values()],
      fuzzyCount,
      limit: LIMIT,
    });
  },
});
