import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * A catalogue table as an import writes it from rows of type `Row`: its key column and the columns
 * the catalogue owns, each with its SQL type and the field of `Row` it is written from.
 */
export interface CatalogueTable<Row extends CatalogueRow> {
  table: 'minifigures' | 'sets';
  key: string;
  /** Column name to its SQL type and source field, key included; `metadata jsonb` is always there too. */
  columns: Record<string, { type: string; from: keyof Row }>;
}

/** What every imported row carries besides its columns: metadata to merge into the stored one. */
export interface CatalogueRow {
  metadata: object;
}

/**
 * Inserts new rows and updates changed ones by key, in one statement per batch. The catalogue's
 * columns are overwritten; metadata is merged, so that what other sources added (Brickset's
 * retirement dates and retail prices, tags, the inventory) survives a re-import. Unchanged rows are
 * not written at all.
 */
export async function upsertCatalogueRows<Row extends CatalogueRow>(
  em: EntityManager,
  { table, key, columns }: CatalogueTable<Row>,
  rows: readonly Row[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const fields = Object.entries(columns);
  const names = fields.map(([c]) => c);
  const owned = names.filter((c) => c !== key);
  const records = rows.map((r) => {
    const record: Record<string, unknown> = {};
    for (const [c, { from }] of fields) record[c] = r[from];
    record.metadata = r.metadata;
    return record;
  });
  const [row] = await query<{ inserted: string; updated: string }[]>(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb)
         as r(${fields.map(([c, { type }]) => `${c} ${type}`).join(', ')}, metadata jsonb)
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
    [JSON.stringify(records)],
  );
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}
