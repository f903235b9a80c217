/** A catalogue figure as commands and replies see it. `itemNo` is the BrickLink item number (sw0001). */
export interface FigureRef {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
}

/** Discord's ceiling for an autocomplete choice name. */
const MAX_LABEL = 100;

/** "sw0002 · Boba Fett - Classic Grays (2000)", at most 100 characters. */
export function figureLabel(f: Pick<FigureRef, 'itemNo' | 'name' | 'year'>, max = MAX_LABEL): string {
  const year = f.year === null ? '' : ` (${f.year})`;
  const head = `${f.itemNo} · `;
  const room = max - head.length - year.length;
  const name = f.name.length > room ? `${f.name.slice(0, Math.max(0, room - 1))}…` : f.name;
  return `${head}${name}${year}`;
}

export function brickLinkImageUrl(itemNo: string): string {
  return `https://img.bricklink.com/ItemImage/MN/0/${encodeURIComponent(itemNo)}.png`;
}

export function brickLinkCatalogUrl(itemNo: string): string {
  return `https://www.bricklink.com/v2/catalog/catalogitem.page?M=${encodeURIComponent(itemNo)}`;
}
