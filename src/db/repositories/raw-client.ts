import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * Runs `fn` with the node-postgres client underneath MikroORM, for what the ORM's `?` binding
 * cannot express: typed array parameters for `unnest` (MikroORM would expand a JS array into a
 * comma list) and COPY. The client comes from the ORM's own knex pool rather than a second
 * pg.Pool: it counts against DB_POOL_MAX like every other query, needs no second connection string,
 * and when `em` is inside a transaction it is that transaction's connection (knex's transaction
 * client hands out its own connection), so the raw statements commit or roll back with the rest.
 */
export async function withRawClient<T>(
  em: EntityManager,
  fn: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const knex = em.getTransactionContext() ?? em.getConnection().getKnex();
  const client = (await knex.client.acquireConnection()) as pg.ClientBase;
  try {
    return await fn(client);
  } finally {
    await knex.client.releaseConnection(client);
  }
}
