import type { EntityManager } from '@mikro-orm/postgresql';
import type { MinifigureMetadata } from '../entities/minifigure.js';
import { query } from './analytics-sql.js';
import { type CatalogueTable, type UpsertCounts, upsertCatalogueRows } from './catalogue-upsert.js';

/** A figure as written by an import: the catalogue's fields, and metadata to merge. */
export interface FigureUpsert {
  setNumber: string;
  name: string;
  theme: string | null;
  yearReleased: number | null;
  metadata: MinifigureMetadata;
}

const MINIFIGURES: CatalogueTable<FigureUpsert> = {
  table: 'minifigures',
  key: 'set_number',
  columns: {
    set_number: { type: 'text', from: 'setNumber' },
    name: { type: 'text', from: 'name' },
    theme: { type: 'text', from: 'theme' },
    year_released: { type: 'smallint', from: 'yearReleased' },
  },
};

/** Writes an import's figures by item number (see upsertCatalogueRows). */
export function upsertMinifigures(em: EntityManager, figures: FigureUpsert[]): Promise<UpsertCounts> {
  return upsertCatalogueRows(em, MINIFIGURES, figures);
}

/**
 * Refreshes planner statistics and flushes the GIN pending lists after a bulk write. Without it,
 * freshly imported rows sit in the trigram index's pending list and the planner rightly prices
 * the index too high, falling back to a sequential scan a hundred times slower.
 */
export async function vacuumAnalyzeMinifigures(em: EntityManager): Promise<void> {
  await query(em, 'vacuum analyze minifigures');
}
