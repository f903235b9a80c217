/**
 * A theme as chat selects it: a catalogue theme ("Town") or a subtheme, its BrickLink category path
 * joined with " / " ("Town / City", "Star Wars / Star Wars Episode 4/5/6"). The catalogue import
 * splits category names on " / ", so no part of a path contains it. A subtheme holds the figures
 * whose category path starts with its parts: "Town / City" includes "Town / City / Police".
 */
export const THEME_PATH_SEPARATOR = ' / ';

/** Whether a figure of category path `category` ("Town / City / Police") is in `theme` or under it. */
export function inTheme(category: string | null, theme: string): boolean {
  return category !== null && (category === theme || category.startsWith(`${theme}${THEME_PATH_SEPARATOR}`));
}
