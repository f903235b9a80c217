import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE, REPO_ROOT, SETS_FILE } from '../support/paths.js';
import { LABELLED, readLabelled } from './labelled-titles.js';

const BIN = path.join(REPO_ROOT, 'bin/minifig.js');

function minifig(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [BIN, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
      cwd: REPO_ROOT,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

/** Each run starts tsx, loads 18k figures and builds the index: seconds each on a busy machine. */
const SLOW = 300_000;

const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npx minifig match', () => {
  let db: TestDatabase;
  let empty: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    [db, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await importCatalogFile(db.orm.em.fork(), CATALOG_FILE);
    env = { DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await db?.drop();
    await empty?.drop();
  }, SLOW);

  it(
    'has --help naming the threshold and the output',
    async () => {
      const r = await minifig(['match', '--help'], env);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: minifig match/);
      expect(r.out).toContain('--threshold <n>');
      expect(r.out).toContain('"candidates"');
    },
    SLOW,
  );

  it(
    'writes one JSON line per title, in order, with the fields of the contract',
    async () => {
      const titles = [
        'LEGO Star Wars Minifig Boba Fett sw0002 Cloud City 2003 RARE',
        '',
        'Darth Vader',
        'LEGO Harry Potter Hermione Granger Coveralls\r',
        'LEGO Star Wars Darth Vader Keychain 2015',
      ];
      const r = await minifig(['match'], env, `${titles.join('\n')}\n`);
      expect(r.code).toBe(0);
      const lines = jsonLines(r.out);
      expect(lines.map((l) => l.title)).toEqual([
        titles[0],
        'Darth Vader',
        'LEGO Harry Potter Hermione Granger Coveralls',
        titles[4],
      ]);
      expect(lines.map((l) => l.item_no)).toEqual(['sw0002', null, 'hp571', null]);
      for (const line of lines) {
        expect(Object.keys(line).sort()).toEqual(['candidates', 'confidence', 'item_no', 'reason', 'title']);
        expect(typeof line.confidence).toBe('number');
        const candidates = line.candidates as { item_no: string; score: number }[];
        expect(candidates.length).toBeLessThanOrEqual(3);
        for (const c of candidates) expect(Object.keys(c).sort()).toEqual(['item_no', 'score']);
      }
      expect(lines.map((l) => l.reason)).toEqual([null, 'ambiguous', null, 'keychain']);
      expect(r.err).toContain('Matched 2 of 4 titles (2 unmatched, threshold 0.6).');
    },
    SLOW,
  );

  it(
    'takes --threshold, and MATCH_CONFIDENCE_THRESHOLD when it is not given',
    async () => {
      const input = 'LEGO Harry Potter Hermione Granger Coveralls\n';
      const [normal] = jsonLines((await minifig(['match'], env, input)).out);
      const confidence = normal?.confidence as number;
      expect(normal?.item_no).toBe('hp571');
      const above = String(Math.min(1, confidence + 0.001));
      const [strict] = jsonLines((await minifig(['match', '--threshold', above], env, input)).out);
      expect(strict).toMatchObject({ item_no: null, reason: 'low-confidence', confidence });
      const [fromEnv] = jsonLines(
        (await minifig(['match'], { ...env, MATCH_CONFIDENCE_THRESHOLD: above }, input)).out,
      );
      expect(fromEnv).toMatchObject({ item_no: null, reason: 'low-confidence' });

      const bad = await minifig(['match', '--threshold', '2'], env, input);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('must be a number from 0 to 1');
    },
    SLOW,
  );

  it(
    'reads set numbers from --sets',
    async () => {
      const input = 'LEGO Star Wars Zuckuss 12345\n';
      const [guess] = jsonLines((await minifig(['match'], env, input)).out);
      expect(guess).toMatchObject({ item_no: null, reason: 'set' });
      const sets = SETS_FILE;
      const [known] = jsonLines((await minifig(['match', '--sets', sets], env, input)).out);
      expect(known?.item_no).toBe('sw1020');
      const missing = await minifig(['match', '--sets', '/no/such/Sets.txt'], env, input);
      expect(missing.code).toBe(1);
      expect(missing.err.trim()).toBe('Error: Cannot read /no/such/Sets.txt: no such file');
    },
    SLOW,
  );

  it(
    'matches the labelled set as the library does',
    async () => {
      const labelled = readLabelled(LABELLED);
      const r = await minifig(['match'], env, labelled.map((l) => l.title).join('\n'));
      const lines = jsonLines(r.out);
      expect(lines).toHaveLength(labelled.length);
      const correct = lines.filter(
        (l, i) => l.item_no === labelled[i]?.expected && l.item_no !== null,
      ).length;
      const matched = lines.filter((l) => l.item_no !== null).length;
      expect(correct / matched).toBeGreaterThanOrEqual(0.98);
    },
    SLOW,
  );

  it('says so when the catalogue is empty', async () => {
    const r = await minifig(['match'], { DATABASE_URL: empty.url }, 'Darth Vader\n');
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      'Error: The catalogue is empty. Run `npx minifig catalog import <file>` first.',
    );
  });
});
