/**
 * SQL lives in src/db/repositories/: everything else asks a repository function. This scans src/,
 * jobs/ and commands/ for the ways code reaches the database directly, and for SQL statements
 * written out anywhere else (say, handed to an executor passed in as a callback).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

/** The code the app runs; the migrations (migrations/) are the one other place SQL belongs. */
const SCANNED = ['src/**/*.ts', 'jobs/**/*.ts', 'commands/**/*.ts'];

/** Files outside the repositories allowed to talk to PostgreSQL themselves, and why. */
const ALLOWED_PREFIXES = ['src/db/repositories/'];

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
  [
    'an SQL statement',
    /['"`]\s*(select\s+[\w*(]|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|(create|drop)\s+(database|table|index|extension)\s|alter\s+table\s|set\s+(local\s+)?\w+\s*(=|to\s)|vacuum\s|copy\s+\w+\s)/i,
  ],
];

/** What in `text` reaches the database directly, by name. */
function directSql(text: string): string[] {
  return DIRECT_SQL.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

function allowed(file: string): boolean {
  return ALLOWED_PREFIXES.some((p) => file.startsWith(p));
}

describe('where SQL runs', () => {
  it('no file outside src/db/repositories/ runs SQL', () => {
    const offenders = globSync(SCANNED, { cwd: REPO_ROOT })
      .filter((file) => !allowed(file))
      .flatMap((file) => {
        const found = directSql(readFileSync(path.join(REPO_ROOT, file), 'utf8'));
        return found.length > 0 ? [`${file}: ${found.join(', ')}`] : [];
      });
    expect(offenders).toEqual([]);
  });

  it('recognises each way of running SQL', () => {
    expect(directSql(`await em.execute('select 1')`)).toEqual(['an execute call', 'an SQL statement']);
    expect(directSql(`await orm.em.fork().execute<{ n: string }[]>(\n 'select 1')`)).toEqual([
      'an execute call',
      'an SQL statement',
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
    expect(directSql(`conn.query('set jit = off', (err) => done(err, conn));`)).toEqual([
      'a query call',
      'an SQL statement',
    ]);
    expect(directSql(`await execute(\`\n  select 1 from pg_extension\`);`)).toEqual(['an SQL statement']);
    expect(directSql(`await run('insert into chat_platforms (name) values (?)', [name]);`)).toEqual([
      'an SQL statement',
    ]);
    expect(directSql(`const sql = "create database " + name;`)).toEqual(['an SQL statement']);
    expect(
      directSql(
        `log.warn({ err }, 'LISTEN connection lost'); const text = 'Set the currency with settings';`,
      ),
    ).toEqual([]);
  });

  it('scans the job and command folders as well as src/', () => {
    for (const folder of ['src', 'jobs', 'commands'])
      expect(
        globSync(SCANNED, { cwd: REPO_ROOT }).some((f) => f.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
  });
});
