import { THEME_GROUPS } from './theme-aliases.js';

/**
 * A theme as chat selects it: a catalogue theme ("Town") or a subtheme, its BrickLink category path
 * joined with " / " ("Town / City", "Star Wars / Star Wars Episode 4/5/6"). The catalogue import
 * splits category names on " / ", so no part of a path contains it. A subtheme holds the figures
 * whose category path starts with its parts: "Town / City" includes "Town / City / Police". A
 * theme group ("Marvel", THEME_GROUPS in theme-aliases.ts) holds the figures of any of its paths.
 */
export const THEME_PATH_SEPARATOR = ' / ';

/** The category paths `theme` stands for: a group's paths, else the theme itself. */
export function themePaths(theme: string): readonly string[] {
  return Object.hasOwn(THEME_GROUPS, theme) ? (THEME_GROUPS[theme] as readonly string[]) : [theme];
}

const within = (category: string, path: string) =>
  category === path || category.startsWith(`${path}${THEME_PATH_SEPARATOR}`);

/**
 * Whether a figure of category path `category` ("Town / City / Police") is in `theme` or under it.
 * A group on either side stands for its paths, any of which will do: the group Marvel is in Super
 * Heroes, as a subtheme path is in its theme.
 */
export function inTheme(category: string | null, theme: string): boolean {
  if (category === null) return false;
  const paths = themePaths(theme);
  return themePaths(category).some((c) => paths.some((p) => within(c, p)));
}
