/**
 * User text → a catalogue theme ("star wars" → "Star Wars", "City" → "Town", "CMF" →
 * "Collectible Minifigures"), or a UserError with the closest themes.
 */
import stringSimilarity from 'string-similarity';
import type { FigureStore } from '../deps.js';
import { type Choice, MAX_CHOICES } from './command.js';
import { UserError } from './errors.js';
import { THEME_ALIASES } from './theme-aliases.js';

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The theme `input` names exactly, by its catalogue name or a collector's alias; undefined otherwise. */
function exactTheme(themes: readonly string[], input: string): string | undefined {
  const wanted = fold(input);
  const exact = themes.find((t) => fold(t) === wanted);
  if (exact) return exact;
  const alias = THEME_ALIASES[wanted];
  return alias !== undefined && themes.includes(alias) ? alias : undefined;
}

/** The theme `input` names exactly (catalogue name or alias), without guessing; undefined otherwise. */
export async function themeNamed(store: FigureStore, input: string): Promise<string | undefined> {
  return exactTheme(
    (await store.themes()).map((t) => t.theme),
    input,
  );
}

export async function resolveTheme(store: FigureStore, input: string): Promise<string> {
  const themes = (await store.themes()).map((t) => t.theme);
  const wanted = fold(input);
  const exact = exactTheme(themes, input);
  if (exact) return exact;
  const starting = themes.filter((t) => fold(t).startsWith(wanted) && wanted.length >= 3);
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
      : `No theme "${shown}". Themes are BrickLink's top-level categories, e.g. Star Wars, Town (City), Super Heroes, or names such as CMF, Ninjago, HP.`,
  );
}

/** Themes containing what was typed, largest first, then themes an alias typed names ("cmf", "city"). */
export async function autocompleteThemes(store: FigureStore, partial: string): Promise<Choice[]> {
  const wanted = fold(partial);
  const themes = await store.themes();
  const counts = new Map(themes.map((t) => [t.theme, t.figures]));
  const named = themes
    .filter((t) => fold(t.theme).includes(wanted))
    .sort((a, b) => b.figures - a.figures || a.theme.localeCompare(b.theme))
    .map((t) => ({ name: `${t.theme} (${t.figures} figures)`, value: t.theme }));
  const offered = new Set(named.map((c) => c.value));
  const aliased = Object.entries(THEME_ALIASES).flatMap(([alias, theme]) => {
    if (wanted.length < 2 || !alias.startsWith(wanted) || !counts.has(theme) || offered.has(theme)) return [];
    offered.add(theme);
    return [{ name: `${alias} → ${theme} (${counts.get(theme)} figures)`, value: theme }];
  });
  return [...named, ...aliased].slice(0, MAX_CHOICES);
}
