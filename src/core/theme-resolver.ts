/**
 * User text → a catalogue theme or subtheme ("star wars" → "Star Wars", "City" → "Town / City",
 * "CMF" → "Collectible Minifigures", "Star Wars Episode 4/5/6" → "Star Wars / Star Wars Episode
 * 4/5/6"), a theme group ("marvel" → "Marvel"), or a UserError with the closest themes. Subthemes
 * are BrickLink category paths (src/db/repositories/theme-filter.ts); the store lists them with the
 * top-level themes, and the groups (THEME_GROUPS) are added here.
 */
import stringSimilarity from 'string-similarity';
import type { FigureStore, ThemeCount } from '../deps.js';
import { type Choice, MAX_CHOICES } from './command.js';
import { UserError } from './errors.js';
import { THEME_ALIASES, THEME_GROUPS } from './theme-aliases.js';
import { THEME_PATH_SEPARATOR } from './theme-path.js';

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const SEPARATOR = THEME_PATH_SEPARATOR;
const lastPart = (theme: string) => theme.slice(theme.lastIndexOf(SEPARATOR) + SEPARATOR.length);

/**
 * The theme `input` names exactly: a theme or its whole path ("Town / City"), a collector's alias,
 * or the last part of one subtheme's path ("Star Wars Episode 4/5/6"); undefined otherwise, also
 * when that last part is shared ("Police" is under City and Classic Town).
 */
function exactTheme(themes: readonly string[], input: string): string | undefined {
  const wanted = fold(input);
  const exact = themes.find((t) => fold(t) === wanted);
  if (exact) return exact;
  const alias = THEME_ALIASES[wanted];
  if (alias !== undefined && themes.includes(alias)) return alias;
  const byLast = subthemesNamed(themes, wanted);
  return byLast.length === 1 ? byLast[0] : undefined;
}

/** Subthemes whose last path part folds to `wanted`. */
function subthemesNamed(themes: readonly string[], wanted: string): string[] {
  return themes.filter((t) => t.includes(SEPARATOR) && fold(lastPart(t)) === wanted);
}

/**
 * The store's themes and subthemes with their figure counts, and each theme group that holds
 * figures, counted over its paths (a group's paths do not overlap: a test holds them to it).
 */
async function themesWithGroups(store: FigureStore): Promise<ThemeCount[]> {
  const themes = await store.themes();
  const counts = new Map(themes.map((t) => [t.theme, t.figures]));
  const groups = Object.entries(THEME_GROUPS).flatMap(([theme, paths]) => {
    const figures = paths.reduce((n, p) => n + (counts.get(p) ?? 0), 0);
    return figures > 0 && !counts.has(theme) ? [{ theme, figures }] : [];
  });
  return [...themes, ...groups];
}

/** The theme `input` names exactly (catalogue name, group or alias), without guessing; undefined otherwise. */
export async function themeNamed(store: FigureStore, input: string): Promise<string | undefined> {
  return exactTheme(
    (await themesWithGroups(store)).map((t) => t.theme),
    input,
  );
}

export async function resolveTheme(store: FigureStore, input: string): Promise<string> {
  const themes = (await themesWithGroups(store)).map((t) => t.theme);
  const wanted = fold(input);
  const exact = exactTheme(themes, input);
  if (exact) return exact;
  // A top-level theme begun ("ninja"), else the subthemes whose name was given or begun.
  const topLevel = themes.filter((t) => !t.includes(SEPARATOR));
  const begun = (list: string[], name: (t: string) => string) =>
    wanted.length >= 3 ? list.filter((t) => fold(name(t)).startsWith(wanted)) : [];
  const startingTop = begun(topLevel, (t) => t);
  if (startingTop.length === 1) return startingTop[0] as string;
  const named = subthemesNamed(themes, wanted);
  const starting = startingTop.length > 0 ? startingTop : named.length > 0 ? named : begun(themes, lastPart);
  if (starting.length === 1) return starting[0] as string;

  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  const close =
    themes.length === 0 || wanted === ''
      ? []
      : stringSimilarity
          .findBestMatch(wanted, themes.map(fold))
          .ratings.map((r, i) => ({ theme: themes[i] as string, rating: r.rating }))
          .filter((r) => r.rating >= 0.3)
          .sort((a, b) => b.rating - a.rating)
          .slice(0, 5)
          .map((r) => r.theme);
  const options = starting.length > 1 ? starting.slice(0, 8) : close;
  throw new UserError(
    options.length > 0
      ? `No theme "${shown}". Did you mean: ${options.join(', ')}?`
      : `No theme "${shown}". Themes are BrickLink's categories, e.g. Star Wars, Town / City, Star Wars Episode 4/5/6, Super Heroes, or names such as City, CMF, Ninjago, HP, Marvel, DC.`,
  );
}

/** "(1 figure)", "(12 figures)". */
const figureCount = (n: number) => `(${n} ${n === 1 ? 'figure' : 'figures'})`;

/** Themes containing what was typed, largest first, then themes an alias typed names ("cmf", "city"). */
export async function autocompleteThemes(store: FigureStore, partial: string): Promise<Choice[]> {
  const wanted = fold(partial);
  const themes = await themesWithGroups(store);
  const counts = new Map(themes.map((t) => [t.theme, t.figures]));
  const named = themes
    .filter((t) => fold(t.theme).includes(wanted))
    .sort((a, b) => b.figures - a.figures || a.theme.localeCompare(b.theme))
    .map((t) => ({ name: `${t.theme} ${figureCount(t.figures)}`, value: t.theme }));
  const offered = new Set(named.map((c) => c.value));
  const aliased = Object.entries(THEME_ALIASES).flatMap(([alias, theme]) => {
    const n = counts.get(theme);
    if (wanted.length < 2 || !alias.startsWith(wanted) || n === undefined || offered.has(theme)) return [];
    offered.add(theme);
    return [{ name: `${alias} → ${theme} ${figureCount(n)}`, value: theme }];
  });
  return [...named, ...aliased].slice(0, MAX_CHOICES);
}
