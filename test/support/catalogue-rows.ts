import { readFileSync } from 'node:fs';
import { parseBrickLinkCatalog } from '../../src/catalog/parse-bricklink-catalog.js';
import type { CatalogueFigure } from '../../src/matching/index.js';
import { CATALOG_FILE } from './paths.js';

/** The real 18,149-figure catalogue as matcher rows, without a database. */
export function catalogueRows(): CatalogueFigure[] {
  return parseBrickLinkCatalog(readFileSync(CATALOG_FILE, 'utf8')).figures.map((f) => ({
    itemNo: f.setNumber,
    name: f.name,
    theme: f.theme,
    year: f.yearReleased,
    categoryPath: f.metadata.category_path,
  }));
}
