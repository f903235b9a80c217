import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogSet } from '../../catalog/parse-bricklink-sets.js';
import { type CatalogueTable, type UpsertCounts, upsertCatalogueRows } from './catalogue-upsert.js';

const SETS: CatalogueTable<CatalogSet> = {
  table: 'sets',
  key: 'set_no',
  columns: {
    set_no: { type: 'text', from: 'setNo' },
    number: { type: 'text', from: 'number' },
    name: { type: 'text', from: 'name' },
    theme: { type: 'text', from: 'theme' },
    year_released: { type: 'smallint', from: 'yearReleased' },
  },
};

/** Writes an import's sets by set number (see upsertCatalogueRows). */
export function upsertSets(em: EntityManager, sets: CatalogSet[]): Promise<UpsertCounts> {
  return upsertCatalogueRows(em, SETS, sets);
}
