import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A catalogue table as an import writes it: its key column and the columns the catalogue owns. */
export interface CatalogueTable {
  table: 'minifigures' | 'sets';
  key: string;
  /** Column name to its SQL type, key included; `metadata jsonb` is always there too. */
  columns: Record<string, string>;
}

/**
 * Inserts new rows and updates changed ones by key, in one statement per batch. The catalogue's
 * columns are overwritten; metadata is merged, so that what other sources added (Brickset's
 * retirement dates and retail prices, tags, the inventory) survives a re-import. Unchanged rows are
 * not written at all.
 */
export async function upsertCatalogueRows(
  em: EntityManager,
  { table, key, columns }: CatalogueTable,
  rows: Record<string, unknown>[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const names = Object.keys(columns);
  const owned = names.filter((c) => c !== key);
  const [row] = await query<{ inserted: string; updated: string }[]>(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb)
         as r(${names.map((c) => `${c} ${columns[c]}`).join(', ')}, metadata jsonb)
     ), written as (
       insert into ${table} as t (${names.join(', ')}, metadata)
       select ${names.join(', ')}, metadata from input
       on conflict (${key}) do update set
         ${owned.map((c) => `${c} = excluded.${c}`).join(',\n         ')},
         metadata = t.metadata || excluded.metadata,
         updated_at = now()
       where (${owned.map((c) => `t.${c}`).join(', ')}) is distinct from
             (${owned.map((c) => `excluded.${c}`).join(', ')})
          or not (t.metadata @> excluded.metadata)
       returning (xmax = 0) as inserted
     )
     select count(*) filter (where inserted) as inserted,
            count(*) filter (where not inserted) as updated
     from written`,
    [JSON.stringify(rows)],
  );
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}
