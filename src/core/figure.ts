import { catalogueLabel } from './text.js';

/** A catalogue figure as commands and replies see it. `itemNo` is the BrickLink item number (sw0001). */
export interface FigureRef {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
}

/** "sw0002 · Boba Fett - Classic Grays (2000)", at most 100 characters. */
export function figureLabel(f: Pick<FigureRef, 'itemNo' | 'name' | 'year'>, max?: number): string {
  return catalogueLabel({ number: f.itemNo, name: f.name, year: f.year }, max);
}

export function brickLinkImageUrl(itemNo: string): string {
  return `https://img.bricklink.com/ItemImage/MN/0/${encodeURIComponent(itemNo)}.png`;
}

export function brickLinkCatalogUrl(itemNo: string): string {
  return `https://www.bricklink.com/v2/catalog/catalogitem.page?M=${encodeURIComponent(itemNo)}`;
}
