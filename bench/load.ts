/**
 * Chat load benchmark: `npm run bench:load`.
 *
 * The service as Slack meets it: `minifig start` child processes on a scratch database with
 * BENCH_FIGURES (default 2,000) catalogue figures and BENCH_LISTINGS (default 1,000,000) listings
 * over 365 days, refreshed as the scheduler would. Signed slash commands arrive in the mix 60%
 * price, 20% search, 10% movers 7d, 10% history with its chart, from closed loops of 10, 50 and
 * 200 commands in flight (BENCH_IN_FLIGHT, comma-separated; BENCH_LOAD_SECONDS each, default 15),
 * against 1 instance and then 3.
 * A fake Slack on 127.0.0.1 takes the replies (response_url, and the chart upload).
 *
 * For each phase: replies/s, ack p50/p99 (the HTTP answer to Slack), end to end p50/p99 (until the
 * whole reply arrived), replies per CPU-second of the app processes (from /proc), and connections
 * idle in transaction (pg_stat_activity, sampled every 50 ms). Then 600 in flight against one
 * instance, for the ack target (p99 ≤ 300 ms).
 *
 * Caches: a fresh instance knows no figure, so its first minutes are slower per reply than later.
 * The first Slack phase (10 in flight, after a short JIT warm-up) measures that start and is
 * reported as `cold`; then every instance is asked each figure's price (new and used), history and
 * each search word once, and the other phases measure the steady state (`warm`). A last Slack
 * phase of 10 in flight follows a change notification, as every ingest run and snapshot refresh
 * sends (`changed`). Both codes get the same sequence.
 *
 * The baseline is the code of BENCH_BASELINE (a commit; default the one before this work) run from
 * a temporary git worktree, in the same run and on the same data; the ratio of replies per
 * CPU-second is printed per phase. BENCH_WORKERS (default 0) adds `--workers N` to the current code.
 * BENCH_CPU_PROFILE=<folder> profiles the current code's instances; BENCH_ONLY=current,1 runs only
 * the current code on one instance. BENCH_LOAD_DATA=<database> keeps the generated data in that
 * database and starts later runs from a copy of it (drop it when the data generation changes).
 */

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { refreshSnapshots } from '../src/analytics/refresh.js';
import { CHAT_READS_CHANNEL } from '../src/cache/until-changed.js';
import { importCatalogFile } from '../src/catalog/import-catalog.js';
import { REFERENCE_DATA } from '../src/reference-data/index.js';
import { seededRandom as random } from '../test/support/fakes/seeded-random.js';
import { generateListings } from '../test/support/synthetic-data.js';
import { openBenchServer } from './support/database.js';
import { DISCORD_APPLICATION_ID, DiscordLoad } from './support/discord-load.js';
import {
  type LoadCommand,
  type NextCommand,
  type PhaseResult,
  SLACK_SECRET,
  SlackLoad,
} from './support/load-driver.js';
import { baselineCheckout, type Instance, startInstance } from './support/load-instances.js';
import { formatTable, ratio, repoRoot, runEnvironment, writeResults } from './support/results.js';

const FIGURES = Number(process.env.BENCH_FIGURES ?? 2000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const BASELINE = process.env.BENCH_BASELINE ?? '81b586f';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 0);
/** A folder: the current code's instances write a CPU profile there (node --cpu-prof) as they stop. */
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
/** `current` runs only the code under test (for profiling), `1` only one instance. */
const ONLY = process.env.BENCH_ONLY ?? '';
/** A database name: the generated data is copied there once and reused by later runs (for iterating). */
const KEEP_DATA = process.env.BENCH_LOAD_DATA;
const IN_FLIGHT = (process.env.BENCH_IN_FLIGHT ?? '10,50,200').split(',').map(Number);
const ACK_TARGET_IN_FLIGHT = 600;
const COLD_IN_FLIGHT = 10;

/** The command mix: 60% price, 20% search, 10% movers 7d, 10% history with its chart. */
function commandMix(itemNos: string[], words: string[], seed: number): () => LoadCommand {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  return () => {
    const r = rnd();
    if (r < 0.6) return { kind: 'price', itemNo: pick(itemNos), used: rnd() < 0.5 };
    if (r < 0.8) return { kind: 'search', word: pick(words) };
    if (r < 0.9) return { kind: 'movers' };
    return { kind: 'history', itemNo: pick(itemNos), days: 30 };
  };
}

/** Every figure's price (new and used) and history, each search word, and the movers: once each, in order. */
function everyCommand(itemNos: string[], words: string[]): NextCommand {
  const commands: LoadCommand[] = [
    ...itemNos.flatMap((itemNo): LoadCommand[] => [
      { kind: 'price', itemNo, used: false },
      { kind: 'price', itemNo, used: true },
      { kind: 'history', itemNo, days: 30 },
    ]),
    ...words.map((word): LoadCommand => ({ kind: 'search', word })),
    { kind: 'movers' },
  ];
  let next = 0;
  return () => commands[next++];
}

/** A catalogue file of the first `n` figures of the bundled one. */
async function smallCatalogue(n: number): Promise<string> {
  const lines = readFileSync(REFERENCE_DATA.minifigures, 'utf8').split('\n');
  const file = path.join(os.tmpdir(), `minifig-load-catalogue-${process.pid}.txt`);
  await writeFile(file, `${lines.slice(0, n + 1).join('\n')}\n`);
  return file;
}

/** Samples connections idle in transaction on `database` until stopped. */
function idleInTransaction(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {}); // the database is dropped under it when a run fails
  const samples: { idleInTx: number; total: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;
  return {
    async start() {
      await client.connect();
      timer = setInterval(() => {
        busy ??= client
          .query(
            `select count(*) filter (where state = 'idle in transaction')::int as idle_in_tx,
                    count(*)::int as total
             from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
            [database],
          )
          .then(({ rows }) => {
            samples.push({ idleInTx: rows[0].idle_in_tx, total: rows[0].total });
          })
          .finally(() => {
            busy = undefined;
          });
      }, 50);
    },
    take() {
      const taken = samples.splice(0);
      const mean = taken.reduce((s, x) => s + x.idleInTx, 0) / Math.max(1, taken.length);
      return {
        mean: Math.round(mean * 10) / 10,
        max: Math.max(0, ...taken.map((x) => x.idleInTx)),
        connections: Math.max(0, ...taken.map((x) => x.total)),
      };
    },
    async stop() {
      clearInterval(timer);
      await busy;
      await client.end();
    },
  };
}

/**
 * `cold`: a fresh process; `warm`: every figure, history and search word asked once since;
 * `changed`: warm, then the data changed (as at each ingest run and refresh), so the kept reads are
 * gone but V8 has compiled everything.
 */
type Caches = 'cold' | 'warm' | 'changed';

interface PhaseRow extends PhaseResult {
  code: string;
  platform: string;
  instances: number;
  inFlight: number;
  caches: Caches;
  cpuSeconds: number;
  repliesPerCpuSecond: number;
  idleInTransaction: { mean: number; max: number; connections: number };
}

/** The tables an ingest run and the snapshot refresh after it write, each notifying its change. */
const WRITTEN_BY_INGEST = [
  'price_listings',
  'data_sources',
  'price_snapshots',
  'headline_prices',
  'headline_lows',
  'movers_latest',
];

/**
 * Tells the instances that the data under their kept reads changed, as the triggers on the tables
 * do when an ingest run and its refresh write (src/cache/until-changed.ts), and waits a moment for
 * them to hear it.
 */
async function dataChanged(databaseUrl: string, instances: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const table of WRITTEN_BY_INGEST) {
      await client.query('select pg_notify($1, $2)', [CHAT_READS_CHANNEL, table]);
    }
  } finally {
    await client.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 200 * instances));
}

/** Asks each instance every command once (everyCommand), and says how long that took. */
async function prime(
  instances: Instance[],
  load: SlackLoad,
  itemNos: string[],
  words: string[],
): Promise<void> {
  const started = performance.now();
  let replies = 0;
  for (const instance of instances) {
    const url = `http://127.0.0.1:${instance.port}/slack/events`;
    replies += (await load.phase([url], 50, Number.POSITIVE_INFINITY, everyCommand(itemNos, words))).replies;
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  process.stderr.write(`  caches warmed: ${replies} commands in ${seconds} s\n`);
}

async function main(): Promise<void> {
  const date = new Date();
  const server = await openBenchServer();
  const load = await new SlackLoad().start();
  const discord = await new DiscordLoad().start();
  const baseline = await baselineCheckout(BASELINE);
  try {
    process.stderr.write(`Chat load benchmark\nServer: ${server.kind}, ${server.version}\n`);
    const kept =
      KEEP_DATA !== undefined &&
      (await server.adminQuery('select 1 from pg_database where datname = $1', [KEEP_DATA])).length > 0;
    const db = await server.createDatabase({ poolMax: 4, template: kept ? KEEP_DATA : undefined });
    const em = db.orm.em.fork();
    if (kept) process.stderr.write(`  the data of ${KEEP_DATA}\n`);
    else {
      const catalogue = await smallCatalogue(FIGURES);
      const { total } = await importCatalogFile(em, catalogue);
      process.stderr.write(`  ${total} figures; ${LISTINGS.toLocaleString('en-US')} listings...\n`);
      await generateListings(em, { count: LISTINGS, days: 365 });
      await em.getConnection().execute('vacuum analyze');
      await refreshSnapshots(db.orm.em.fork(), { minConfidence: 0.6, full: true });
    }
    const figures = await em
      .getConnection()
      .execute<{ no: string; name: string }[]>('select set_number as no, name from minifigures');
    const itemNos = figures.map((f) => f.no);
    const words = [...new Set(figures.flatMap((f) => f.name.split(/\W+/).filter((w) => w.length > 3)))];
    await db.orm.close(true);
    if (KEEP_DATA && !kept) {
      await server.adminQuery(
        `create database ${pg.escapeIdentifier(KEEP_DATA)} template ${pg.escapeIdentifier(db.name)}`,
      );
    }

    const env = {
      SLACK_BOT_TOKEN: load.slack.token,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: load.slack.apiUrl,
    };
    // Discord over HTTP shares the Slack receiver's port; the baseline has no such endpoint.
    const discordEnv = {
      DISCORD_MODE: 'http',
      DISCORD_TOKEN: 'load-benchmark-discord-token',
      DISCORD_APPLICATION_ID: DISCORD_APPLICATION_ID,
      DISCORD_PUBLIC_KEY: discord.publicKeyHex,
      DISCORD_API_URL: discord.apiUrl,
    };
    const sampler = idleInTransaction(db.url, db.name);
    await sampler.start();
    const rows: PhaseRow[] = [];
    const profiling = CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}`] : [];
    const codes = [
      {
        code: `baseline ${BASELINE}`,
        root: baseline.root,
        workers: undefined,
        nodeArgs: [],
        env,
        discord: false,
      },
      {
        code: 'current',
        root: repoRoot,
        workers: WORKERS || undefined,
        nodeArgs: profiling,
        env: { ...env, ...discordEnv },
        discord: true,
      },
    ].filter((c) => !ONLY.includes('current') || c.code === 'current');
    for (const instances of ONLY.includes('1') ? [1] : [1, 3]) {
      for (const c of codes) {
        const started: Instance[] = [];
        for (let i = 0; i < instances; i++) {
          started.push(await startInstance({ ...c, databaseUrl: db.url }));
        }
        const mix = commandMix(itemNos, words, 42);
        let primed = false;
        const slack = { platform: 'slack', path: '/slack/events', driver: load };
        const platforms = [
          slack,
          ...(c.discord ? [{ platform: 'discord', path: '/discord/interactions', driver: discord }] : []),
        ];
        const inFlights = instances === 1 ? [...IN_FLIGHT, ACK_TARGET_IN_FLIGHT] : IN_FLIGHT;
        const phases = [
          { ...slack, inFlight: COLD_IN_FLIGHT, caches: 'cold' as const },
          ...platforms.flatMap((p) =>
            inFlights.map((inFlight) => ({ ...p, inFlight, caches: 'warm' as const })),
          ),
          { ...slack, inFlight: COLD_IN_FLIGHT, caches: 'changed' as const },
        ];
        for (const p of platforms) {
          const urls = started.map((s) => `http://127.0.0.1:${s.port}${p.path}`);
          await p.driver.phase(urls, 10, 5, mix); // warm-up: JIT, connections
        }
        for (const { platform, path: urlPath, driver, inFlight, caches } of phases) {
          const urls = started.map((s) => `http://127.0.0.1:${s.port}${urlPath}`);
          if (caches === 'warm' && !primed) {
            await prime(started, load, itemNos, words);
            primed = true;
          }
          if (caches === 'changed') await dataChanged(db.url, started.length);
          sampler.take();
          const cpuBefore = started.reduce((s, x) => s + x.cpuMs(), 0);
          const result = await driver.phase(urls, inFlight, SECONDS, mix);
          const cpuSeconds = (started.reduce((s, x) => s + x.cpuMs(), 0) - cpuBefore) / 1000;
          const row: PhaseRow = {
            code: c.code,
            platform,
            instances,
            inFlight,
            caches,
            ...result,
            cpuSeconds: Math.round(cpuSeconds * 100) / 100,
            repliesPerCpuSecond: Math.round(result.replies / cpuSeconds),
            idleInTransaction: sampler.take(),
          };
          rows.push(row);
          process.stderr.write(
            `  ${c.code}, ${platform}, ${instances} instance(s), ${inFlight} in flight, ${caches}: ${row.repliesPerSecond} replies/s, ` +
              `${row.repliesPerCpuSecond} per CPU-s, ack p99 ${row.ackMs.p99} ms, e2e p99 ${row.endToEndMs.p99} ms, ` +
              `idle in tx ${row.idleInTransaction.mean} (max ${row.idleInTransaction.max}), ` +
              `generator lag p99 ${row.generatorLagP99Ms} ms\n`,
          );
        }
        await Promise.all(started.map((s) => s.stop()));
      }
    }
    await sampler.stop();

    const key = (r: PhaseRow) => `${r.platform}/${r.instances}/${r.inFlight}/${r.caches}`;
    const base = new Map(rows.filter((r) => r.code !== 'current').map((r) => [key(r), r]));
    const table = rows.map((r) => [
      r.code,
      r.platform,
      r.instances,
      r.inFlight,
      r.caches,
      r.repliesPerSecond,
      r.repliesPerCpuSecond,
      r.code === 'current' && base.has(key(r))
        ? `${ratio(r.repliesPerCpuSecond, base.get(key(r))?.repliesPerCpuSecond ?? 0)}x`
        : '',
      r.ackMs.p50,
      r.ackMs.p99,
      r.endToEndMs.p50,
      r.endToEndMs.p99,
      `${r.idleInTransaction.mean} / ${r.idleInTransaction.max}`,
      r.generatorLagP99Ms,
      r.failed,
    ]);
    process.stdout.write(
      `\n${formatTable(
        [
          'code',
          'platform',
          'instances',
          'in flight',
          'caches',
          'replies/s',
          'per CPU-s',
          'vs baseline',
          'ack p50',
          'ack p99',
          'e2e p50',
          'e2e p99',
          'idle in tx mean/max',
          'generator lag p99',
          'failed',
        ],
        table,
      )}\n`,
    );
    const file = await writeResults('load', {
      ...runEnvironment(date, server),
      figures: FIGURES,
      listings: LISTINGS,
      seconds_per_phase: SECONDS,
      baseline: BASELINE,
      workers: WORKERS,
      phases: rows,
    });
    process.stderr.write(`\nResults: ${file}\n`);
  } catch (err) {
    // Printed before the cleanup, whose dropped database can end the process with its own error.
    console.error(err);
    process.exitCode = 1;
  } finally {
    await baseline.remove();
    await load.close();
    await discord.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
