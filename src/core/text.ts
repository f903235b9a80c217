/** Cuts `text` to `max` characters (code points, so emoji stay whole), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * "sw0002 · Boba Fett - Classic Grays (2000)": an item number, its name cut to fit, and its year,
 * in at most `max` characters (100 is Discord's ceiling for an autocomplete choice).
 */
export function catalogueLabel(
  item: { number: string; name: string; year: number | null },
  max = 100,
): string {
  const year = item.year === null ? '' : ` (${item.year})`;
  const head = `${item.number} · `;
  const room = max - head.length - year.length;
  const name = item.name.length > room ? `${item.name.slice(0, Math.max(0, room - 1))}…` : item.name;
  return `${head}${name}${year}`;
}
