/**
 * SQL lives in src/db/repositories/: everything else asks a repository function. This scans src/
 * for the ways code reaches the database directly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

/** Files outside the repositories allowed to talk to PostgreSQL themselves, and why. */
const ALLOWED: Record<string, string> = {
  'src/db/migrations.ts': 'runs the migrations (and their advisory lock and retention setting)',
  'src/db/retention.ts': 'the TimescaleDB retention setting the migrations apply',
  'src/db/orm.ts': 'the per-connection session settings of the pool',
  // The embedded server's own bootstrap: it probes its port and creates its database.
  'src/db/embedded-probe.ts': 'asks what PostgreSQL listens on a port',
};
const ALLOWED_PREFIXES = ['src/db/repositories/', 'src/db/embedded-s'];

const DIRECT_SQL: [string, RegExp][] = [
  ['an execute call', /\.execute\s*(<[^()]*>)?\s*\(/],
  ['a query call', /\.query\s*(<[^()]*>)?\s*\(/],
  ['the knex instance', /\bgetKnex\s*\(/],
  ['the raw pg client', /\bwithRawClient\b/],
  ['the ORM connection', /\.getConnection\s*\(/],
  ['a query builder', /\bcreateQueryBuilder\b|\.raw\s*\(/],
  ['a pg connection of its own', /new\s+pg\.(Client|Pool)\b|import\s+(pg|\{[^}]*\})\s+from\s+'pg'/],
  [
    'the SQL executor',
    /import\s*\{[^}]*\b(query|copyRows)\b[^}]*\}\s*from\s*'[^']*repositories\/(analytics-sql|copy-rows)\.js'/,
  ],
];

/** What in `text` reaches the database directly, by name. */
function directSql(text: string): string[] {
  return DIRECT_SQL.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

function allowed(file: string): boolean {
  return file in ALLOWED || ALLOWED_PREFIXES.some((p) => file.startsWith(p));
}

describe('where SQL runs', () => {
  it('no file outside src/db/repositories/ (and the database bootstrap) runs SQL', () => {
    const offenders = globSync('src/**/*.ts', { cwd: REPO_ROOT })
      .filter((file) => !allowed(file))
      .flatMap((file) => {
        const found = directSql(readFileSync(path.join(REPO_ROOT, file), 'utf8'));
        return found.length > 0 ? [`${file}: ${found.join(', ')}`] : [];
      });
    expect(offenders).toEqual([]);
  });

  it('recognises each way of running SQL', () => {
    expect(directSql(`await em.execute('select 1')`)).toEqual(['an execute call']);
    expect(directSql(`await orm.em.fork().execute<{ n: string }[]>(\n 'select 1')`)).toEqual([
      'an execute call',
    ]);
    expect(directSql(`await client.query<{ a: 1 }>(LOCK_SQL, [name])`)).toEqual(['a query call']);
    expect(directSql(`em.getConnection().getKnex()`)).toEqual(['the knex instance', 'the ORM connection']);
    expect(directSql(`await withRawClient(em, work)`)).toEqual(['the raw pg client']);
    expect(directSql(`import pg from 'pg';`)).toEqual(['a pg connection of its own']);
    expect(directSql(`import type pg from 'pg';`)).toEqual([]);
    expect(directSql(`import { query } from '../db/repositories/analytics-sql.js';`)).toEqual([
      'the SQL executor',
    ]);
    expect(
      directSql(`import { inAggregationTransaction } from '../db/repositories/analytics-sql.js';`),
    ).toEqual([]);
    expect(directSql(`const found = await findSourceByName(em, 'BrickLink');`)).toEqual([]);
  });

  it('every allowed file exists, so the list does not outlive its reasons', () => {
    for (const file of Object.keys(ALLOWED))
      expect(readFileSync(path.join(REPO_ROOT, file), 'utf8')).not.toBe('');
  });
});
