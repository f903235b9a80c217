import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/** What TimescaleDB does for price_listings in this database. */
export interface TimescaleStatus {
  installed: boolean;
  hypertable: boolean;
  compressionPolicy: boolean;
}

/** One row when the TimescaleDB extension is installed in the current database, none otherwise. */
export const TIMESCALEDB_INSTALLED = `select 1 from pg_extension where extname = 'timescaledb'`;

/** Whether TimescaleDB is installed, price_listings is a hypertable, and it has a compression policy. */
export async function timescaleStatus(em: EntityManager): Promise<TimescaleStatus> {
  const ext = await query(em, TIMESCALEDB_INSTALLED);
  if (ext.length === 0) return { installed: false, hypertable: false, compressionPolicy: false };
  const hyper = await query(
    em,
    `select 1 from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
  );
  const policy = await query(
    em,
    `select 1 from timescaledb_information.jobs
     where hypertable_name = 'price_listings' and proc_name = 'policy_compression'`,
  );
  return { installed: true, hypertable: hyper.length > 0, compressionPolicy: policy.length > 0 };
}
