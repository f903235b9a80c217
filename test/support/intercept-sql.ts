import type { EntityManager } from '@mikro-orm/postgresql';

type Run = (text: string, params: unknown[]) => Promise<unknown>;

/**
 * An EntityManager look-alike for the repositories' one executor (`query`): every statement goes
 * through `intercept` with the real pooled connection's `query` as `run`, so a test can count the
 * statements or EXPLAIN them instead of running them.
 */
export function interceptSql(
  em: EntityManager,
  intercept: (text: string, params: unknown[], run: Run) => Promise<unknown>,
): EntityManager {
  const pool = em.getConnection().getKnex().client;
  const real = new WeakMap<object, { query: Run }>();
  const client = {
    acquireConnection: async () => {
      const connection = (await pool.acquireConnection()) as { query: Run };
      const run: Run = (text, params) => connection.query(text, params);
      const wrapped = { query: (text: string, params: unknown[]) => intercept(text, params, run) };
      real.set(wrapped, connection);
      return wrapped;
    },
    releaseConnection: (wrapped: object) => pool.releaseConnection(real.get(wrapped)),
  };
  return {
    getTransactionContext: () => undefined,
    getConnection: () => ({ getKnex: () => ({ client }) }),
  } as unknown as EntityManager;
}
