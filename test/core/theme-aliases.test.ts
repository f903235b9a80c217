/**
 * The theme alias table and theme groups (src/core/theme-aliases.ts) held to the shipped BrickLink
 * catalogue: every path a group names exists, Marvel and DC share no figure, and the theme filter
 * (SQL and in memory) matches a group's paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBrickLinkCatalog } from '../../src/catalog/parse-bricklink-catalog.js';
import { THEME_ALIASES, THEME_GROUPS } from '../../src/core/theme-aliases.js';
import { inTheme, THEME_PATH_SEPARATOR, themePaths } from '../../src/core/theme-path.js';
import { autocompleteThemes, resolveTheme, themeNamed } from '../../src/core/theme-resolver.js';
import { themeFilter } from '../../src/db/repositories/theme-filter.js';
import { fakeDeps, figure } from '../support/fake-deps.js';

const reference = (file: string) =>
  readFileSync(new URL(`../../src/reference-data/bricklink/${file}`, import.meta.url), 'utf8');

/** Each shipped figure's category path, joined as chat names subthemes. */
const figurePaths = parseBrickLinkCatalog(reference('Minifigures.txt')).figures.map((f) =>
  f.metadata.category_path.join(THEME_PATH_SEPARATOR),
);
/** Every theme and subtheme of the shipped figures: each prefix of each path. */
const catalogueThemes = new Set(
  figurePaths.flatMap((p) => {
    const parts = p.split(THEME_PATH_SEPARATOR);
    return parts.map((_, i) => parts.slice(0, i + 1).join(THEME_PATH_SEPARATOR));
  }),
);
const within = (path: string, theme: string) =>
  path === theme || path.startsWith(`${theme}${THEME_PATH_SEPARATOR}`);

describe('theme groups', () => {
  it('name only paths of the shipped catalogue', () => {
    for (const [group, paths] of Object.entries(THEME_GROUPS)) {
      expect({ group, missing: paths.filter((p) => !catalogueThemes.has(p)) }).toEqual({
        group,
        missing: [],
      });
    }
  });

  it('are not named like a BrickLink category, and no path of a group is under another', () => {
    const categoryNames = reference('categories.txt')
      .split('\n')
      .map((line) => line.split('\t')[1]?.trim());
    for (const [group, paths] of Object.entries(THEME_GROUPS)) {
      expect(categoryNames).not.toContain(group);
      for (const p of paths) expect(paths.filter((q) => within(p, q))).toEqual([p]);
    }
  });

  it('put every Marvel and DC subtheme of Super Heroes in one group, and leave out the mixed ones', () => {
    const owner = (path: string) =>
      Object.entries(THEME_GROUPS)
        .filter(([, paths]) => paths.some((p) => within(path, p)))
        .map(([g]) => g);
    const superHeroes = [...new Set(figurePaths.filter((p) => within(p, 'Super Heroes')))];
    const unowned = superHeroes.filter((p) => owner(p).length === 0).sort();
    expect(unowned).toEqual([
      'Super Heroes',
      'Super Heroes / Mighty Micros',
      'Super Heroes / Super Heroes Other',
    ]);
    expect(superHeroes.filter((p) => owner(p).length > 1)).toEqual([]);
    expect(owner("Super Heroes / Tim Burton's Batman")).toEqual(['DC']);
    expect(owner('Super Heroes / Spider-Man / Spider-Man 2')).toEqual(['Marvel']);
    expect(owner('Collectible Minifigures / Super Heroes / Marvel Studios Series 1')).toEqual(['Marvel']);
    expect(owner('DC Super Hero Girls')).toEqual(['DC']);
  });

  it('are the targets of aliases, as catalogue themes are', () => {
    for (const [alias, theme] of Object.entries(THEME_ALIASES)) {
      expect({ alias, known: theme in THEME_GROUPS || catalogueThemes.has(theme) }).toEqual({
        alias,
        known: true,
      });
    }
  });
});

describe('the theme filter', () => {
  it('in SQL, is unchanged for a theme or subtheme', () => {
    expect(themeFilter('m', 'Town')).toEqual({ sql: 'm.theme = ?', params: ['Town'] });
    expect(themeFilter('m', 'Town / City')).toEqual({
      sql: "m.theme = ? and m.metadata -> 'category_path' ->> 1 = ?",
      params: ['Town', 'City'],
    });
  });

  it("in SQL, matches any of a group's paths, a whole theme by its column alone", () => {
    const { sql, params } = themeFilter('t', 'DC');
    expect(sql.startsWith('((t.theme = ? and ((')).toBe(true);
    expect(sql).toContain('(t.theme = ?) or');
    expect(sql.match(/\?/g)).toHaveLength(params.length);
    expect(params.slice(0, 3)).toEqual(['Super Heroes', 'Aquaman', 'Batman Classic TV Series']);
    expect(params).toContain('Batman I');
    // Each top-level theme is checked once, its paths below it together.
    const tops = new Set(THEME_GROUPS.DC?.map((p) => p.split(THEME_PATH_SEPARATOR)[0]));
    expect(sql.match(/t\.theme = \?/g)).toHaveLength(tops.size);
  });

  it('in memory, takes a group on either side', () => {
    expect(themePaths('Town / City')).toEqual(['Town / City']);
    expect(inTheme("Super Heroes / Tim Burton's Batman", 'DC')).toBe(true);
    expect(inTheme("Super Heroes / Tim Burton's Batman", 'Marvel')).toBe(false);
    expect(inTheme('Super Heroes / Spider-Man / Spider-Man 2', 'Marvel')).toBe(true);
    expect(inTheme('Super Heroes / Super Heroes Other', 'Marvel')).toBe(false);
    // A figure found by its number carries its top theme: a group inside that theme may hold it.
    expect(inTheme('Marvel', 'Super Heroes')).toBe(true);
    expect(inTheme('Marvel', 'Town')).toBe(false);
  });
});

describe('resolving a group', () => {
  const deps = fakeDeps({
    figures: [
      figure('sh0607', 'Batman', "Super Heroes / Tim Burton's Batman", 2019),
      figure('sh0045', 'Spider-Man in Black Symbiote Costume', 'Super Heroes / Spider-Man', 2012),
      figure('sh0001', 'Green Lantern', 'Super Heroes / Super Heroes Other', 2011),
      figure('col001', 'Zombie', 'Collectible Minifigures', 2010),
    ],
  });

  it('takes its name, an alias or its beginning, and only when it holds figures', async () => {
    expect(await resolveTheme(deps.figures, 'marvel')).toBe('Marvel');
    expect(await resolveTheme(deps.figures, 'DC Comics')).toBe('DC');
    expect(await resolveTheme(deps.figures, 'marv')).toBe('Marvel');
    expect(await themeNamed(deps.figures, 'dc')).toBe('DC');
    expect(await themeNamed(fakeDeps({ figures: [] }).figures, 'dc')).toBeUndefined();
  });

  it('offers it with the figures of its paths, in the singular for one', async () => {
    expect(await autocompleteThemes(deps.figures, 'marvel')).toEqual([
      { name: 'Marvel (1 figure)', value: 'Marvel' },
    ]);
    expect(await autocompleteThemes(deps.figures, 'dc com')).toEqual([
      { name: 'dc comics → DC (1 figure)', value: 'DC' },
    ]);
    expect(await autocompleteThemes(deps.figures, 'super')).toEqual([
      { name: 'Super Heroes (3 figures)', value: 'Super Heroes' },
      { name: 'Super Heroes / Spider-Man (1 figure)', value: 'Super Heroes / Spider-Man' },
      { name: 'Super Heroes / Super Heroes Other (1 figure)', value: 'Super Heroes / Super Heroes Other' },
      { name: "Super Heroes / Tim Burton's Batman (1 figure)", value: "Super Heroes / Tim Burton's Batman" },
    ]);
  });
});
