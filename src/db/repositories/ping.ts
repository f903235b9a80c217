import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/** One round trip to the database; rejects when it cannot be reached. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await query(em, 'select 1');
}
