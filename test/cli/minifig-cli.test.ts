import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { minifig } from '../support/minifig-cli.js';

const CATALOG = [
  'Category ID\tCategory Name\tNumber\tName\tYear Released\tWeight (in Grams)',
  '',
  '',
  '65\tStar Wars / Star Wars Episode 4/5/6\tsw0002\tBoba Fett - Classic Grays\t2000\t4.4',
  '65\tStar Wars\tnot enough columns',
  '65\tStar Wars / Star Wars Episode 4/5/6\tsw0004\tDarth Vader (Light Gray Head)\t1999\t3.81',
].join('\n');

// Each case spawns the CLI several times (tsx start-up included), slow on a busy 2-core machine.
describe('the minifig CLI', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let file: string;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    env = { DATABASE_URL: db.url };
    file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-')), 'Minifigures.txt');
    writeFileSync(file, CATALOG);
  });
  afterAll(() => db?.drop());

  it('has --help at every level', async () => {
    for (const args of [
      ['--help'],
      ['db', '--help'],
      ['db', 'migrate', '--help'],
      ['catalog', 'import', '--help'],
    ]) {
      const r = await minifig(args, env);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: minifig/);
    }
    expect((await minifig(['catalog', 'import', '--help'], env)).out).toContain('[files...]');
  });

  it('refuses to import before the schema is migrated, with the command to run', async () => {
    const r = await minifig(['catalog', 'import', file], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Run `npx minifig db migrate` first.');
  });

  it('migrates, reports status, imports with line-numbered rejects, and is idempotent', async () => {
    const migrate = await minifig(['db', 'migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.out).toMatch(new RegExp(`^Applied ${migrationsList.length}:`));
    expect((await minifig(['db', 'migrate'], env)).out.trim()).toBe('Already up to date.');

    const status = await minifig(['db', 'status'], env);
    expect(status.out).toContain('Pending (0):');
    expect(status.out).toContain('TimescaleDB: not installed (plain PostgreSQL tables)');

    const first = await minifig(['catalog', 'import', file], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain('line 5: expected 6 tab-separated columns, found 3');
    expect(first.out).toContain('Catalogue import: 2 inserted, 0 updated, 0 unchanged, 1 rejected.');
    const second = await minifig(['catalog', 'import', file], env);
    expect(second.out).toContain('Nothing changed: all 2 figures were already up to date.');
  });

  it('rolls back one migration at a time', async () => {
    const r = await minifig(['db', 'rollback'], env);
    expect(r.out.trim()).toBe(`Reverted ${migrationsList.at(-1)?.name}.`);
    expect((await minifig(['db', 'status'], env)).out).toContain('Pending (1):');
    await minifig(['db', 'migrate'], env);
  });

  it('gives clear errors, never a stack trace, for bad input and bad configuration', async () => {
    const missing = await minifig(['catalog', 'import', '/no/such/Minifigures.txt'], env);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('Error: Cannot read /no/such/Minifigures.txt: no such file');

    const badUrl = await minifig(['db', 'status'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(badUrl.err).not.toMatch(/\n\s+at /);

    const unknown = await minifig(['catalog', 'frobnicate'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
  });
});
