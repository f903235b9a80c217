import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs SQL on `em`'s connection, inside `em`'s transaction when it has one (MikroORM's
 * `execute` only joins a transaction when handed its context). `?` placeholders, bound by MikroORM.
 */
export function query<T extends object[] = Record<string, unknown>[]>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T> {
  return em.getConnection().execute<T>(sql, [...params], 'all', em.getTransactionContext());
}
