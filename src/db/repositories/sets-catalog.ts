import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogSet } from '../../catalog/parse-bricklink-sets.js';
import { type CatalogueTable, type UpsertCounts, upsertCatalogueRows } from './catalogue-upsert.js';

const SETS: CatalogueTable = {
  table: 'sets',
  key: 'set_no',
  columns: { set_no: 'text', number: 'text', name: 'text', theme: 'text', year_released: 'smallint' },
};

/** Writes an import's sets by set number (see upsertCatalogueRows). */
export function upsertSets(em: EntityManager, sets: CatalogSet[]): Promise<UpsertCounts> {
  return upsertCatalogueRows(
    em,
    SETS,
    sets.map((s) => ({
      set_no: s.setNo,
      number: s.number,
      name: s.name,
      theme: s.theme,
      year_released: s.yearReleased,
      metadata: s.metadata,
    })),
  );
}
