import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Reference data shipped with the service: public catalogue downloads and exchange rates that the
 * product, its demo, its tests and its benchmarks read. Origins and licences are in SOURCES.md here.
 */
export const REFERENCE_DATA = {
  /** BrickLink's Catalog Download, item type Minifigures (18,149 figures, 2025-10-25). */
  minifigures: path.join(HERE, 'bricklink/Minifigures.txt'),
  /** BrickLink's Catalog Download, item type Sets (20,952 sets, 2025-10-25). */
  sets: path.join(HERE, 'bricklink/Sets.txt'),
  /** BrickLink's category id -> name table (2025-10-25). */
  categories: path.join(HERE, 'bricklink/categories.txt'),
  /** Real BrickLink price-guide summaries for 2,061 figure/condition/currency rows (April 2026). */
  priceGuideCache: path.join(HERE, 'bricklink/priceguide_cache.csv'),
  /** ECB's euro reference-rate history, 1999-01-04 to 2025-05-09. */
  ecbHistory: path.join(HERE, 'ecb/eurofxref-hist.csv'),
} as const;
