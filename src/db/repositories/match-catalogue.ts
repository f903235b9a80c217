import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface MatchCatalogueRow {
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
  categoryPath: string[] | null;
}

/**
 * Every catalogue figure with the fields the title matcher indexes, in one query (about 18k rows,
 * ~2 MB). The category path comes from the BrickLink import's metadata; figures added by other
 * means may lack it, and the matcher falls back to the theme.
 */
export async function listMatchCatalogue(em: EntityManager): Promise<MatchCatalogueRow[]> {
  return query<MatchCatalogueRow[]>(
    em,
    `select set_number as "itemNo", name, theme, year_released as "year",
            case when jsonb_typeof(metadata -> 'category_path') = 'array'
                 then array(select jsonb_array_elements_text(metadata -> 'category_path'))
            end as "categoryPath"
     from minifigures
     order by set_number`,
  );
}
