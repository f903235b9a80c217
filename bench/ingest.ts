/**
 * Ingest benchmark: `npm run bench:ingest`.
 *
 * Listings per second end to end: from upstream HTTP bodies to rows, i.e. parse (JSON, the
 * source's own wire check and mapper), check, convert to USD with the ECB rate of each listing's
 * date, resolve figures, write. Two workloads:
 *  - BrickLink price guides, whose figure is known (item numbers), generated around the real
 *    price-guide summaries in src/reference-data/bricklink/priceguide_cache.csv (see support/ingest-data.ts);
 *  - eBay search pages, whose titles need the matcher (src/matching) first.
 * Each is measured for ingestListings (bulk `unnest` writes, ON CONFLICT DO NOTHING), for its rerun
 * of the same data (everything a duplicate), and for the naive baseline: the same parse, check,
 * conversion and figure resolution, then the ORM's unit of work (`em.create` per listing, one
 * `flush`). For eBay, ingestListings gets what the eBay job gives it: the matcher pool (worker
 * threads, made once per run, outside the timed runs as the baseline's in-thread matcher is; its
 * startup is reported), which it keeps matching ahead of its writes. The baseline matches every
 * title with the in-thread matcher, then writes; both matchers give identical results (tested in
 * test/matching/pool.test.ts). Runs are interleaved, on one scratch database with the full
 * 18,149-figure catalogue and the whole ECB history, tables emptied before every first run. Row
 * counts are checked after every run, so a variant that writes fewer rows cannot pass as faster.
 *
 * Timeline: the real summaries were cached in April 2026 but ECB's history here ends 2025-05-09,
 * so the fetch is dated 2025-05-09T18:00Z and sales fall in the months before it: every EUR, CAD,
 * PLN, CZK and KRW listing converts with its day's real rate. (The cache's TWD guides are all
 * "no data", so no TWD listing arises; one would be rejected, as ECB does not quote TWD.)
 * Listings of the 28 cached item numbers newer than the catalogue land in unmatched_listings.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { importCatalogFile } from '../src/catalog/import-catalog.js';
import { parseBrickLinkCatalog } from '../src/catalog/parse-bricklink-catalog.js';
import { PriceListing } from '../src/db/entities/price-listing.js';
import { findSourceByName } from '../src/db/repositories/data-sources.js';
import { loadRateTable } from '../src/ingest/currency.js';
import { ingestListings } from '../src/ingest/pipeline.js';
import { prepareFigureResolver } from '../src/ingest/resolve-figures.js';
import type { IngestSummary, RawListing, TitleMatcher } from '../src/ingest/types.js';
import { checkListing } from '../src/ingest/validate.js';
import { createMatcher } from '../src/matching/index.js';
import { createMatcherPool } from '../src/matching/pool.js';
import { rememberMatches } from '../src/matching/remember.js';
import { REFERENCE_DATA } from '../src/reference-data/index.js';
import { mapPriceGuide } from '../src/sources/bricklink/mapper.js';
import { checkEnvelope, parsePriceGuide } from '../src/sources/bricklink/wire.js';
import { mapItemSummary } from '../src/sources/ebay/mapper.js';
import { searchPage } from '../src/sources/ebay/wire.js';
import { backfillEcbHistory } from '../src/sources/ecb/backfill.js';
import { processCpuMs, serverCpuReader } from './support/cpu.js';
import { openBenchServer, type ScratchDatabase } from './support/database.js';
import {
  brickLinkAnswers,
  type CatalogueName,
  ebayPages,
  type GuideAnswer,
  readPriceGuideCache,
} from './support/ingest-data.js';
import { formatTable, ratio, repoRoot, summarise, timed, writeResults } from './support/results.js';

const CATALOG = REFERENCE_DATA.minifigures;
const HISTORY = REFERENCE_DATA.ecbHistory;
const CACHE = REFERENCE_DATA.priceGuideCache;
const LABELLED = path.join(repoRoot, 'test/fixtures/matching/labelled-titles.tsv');
const FETCHED_AT = new Date('2025-05-09T18:00:00Z');
const EBAY_LISTINGS = 10_000;
const RUNS = 3;
const silent = pino({ level: 'silent' });

class BenchmarkFailure extends Error {}
function check(condition: boolean, message: string): void {
  if (!condition) throw new BenchmarkFailure(message);
}

/** BrickLink bodies to listings through the client's own wire check and mapper. */
function parseBrickLink(answers: GuideAnswer[]): RawListing[] {
  const listings: RawListing[] = [];
  for (const a of answers) {
    const label = `BrickLink ${a.itemNo} ${a.guideType} ${a.newOrUsed}`;
    const body: unknown = JSON.parse(a.body);
    checkEnvelope(body, label);
    const data = parsePriceGuide(body, label);
    const mapped = mapPriceGuide(
      { itemNo: a.itemNo, guideType: a.guideType, newOrUsed: a.newOrUsed },
      data,
      FETCHED_AT,
    );
    for (const l of mapped.listings) listings.push(l);
  }
  return listings;
}

/** eBay search pages to listings through the client's own page schema and item mapper. */
function parseEbay(pages: string[]): RawListing[] {
  const listings: RawListing[] = [];
  for (const page of pages) {
    for (const item of searchPage.parse(JSON.parse(page)).itemSummaries ?? []) {
      const mapped = mapItemSummary(item, FETCHED_AT);
      if (mapped.ok) listings.push(mapped.listing);
    }
  }
  return listings;
}

/** The baseline: everything ingestListings does before writing, then one em.create per listing and one flush. */
async function unitOfWork(
  em: EntityManager,
  sourceId: number,
  raws: RawListing[],
  matcher?: TitleMatcher,
): Promise<number> {
  const checked = [];
  for (const raw of raws) {
    const c = checkListing(raw);
    if (c.ok) checked.push(c.listing);
  }
  const rates = await loadRateTable(em, checked);
  const converted = [];
  for (const listing of checked) {
    const conversion = rates.convert(listing.price, listing.currency, listing.timestamp);
    if (conversion.ok) converted.push({ listing, conversion });
  }
  const resolve = await prepareFigureResolver(em, converted, matcher, () => {});
  const uow = em.fork();
  let persisted = 0;
  for (const c of converted) {
    const r = resolve(c);
    if (r.kind !== 'matched') continue;
    persisted++;
    uow.create(PriceListing, {
      timestamp: c.listing.timestamp,
      minifigure: r.minifigureId,
      source: sourceId,
      externalId: c.listing.externalId,
      kind: c.listing.kind,
      condition: c.listing.condition,
      quantity: c.listing.quantity,
      priceUsd: c.conversion.priceUsd,
      originalPrice: c.conversion.originalPrice,
      originalCurrency: c.conversion.currency,
      exchangeRate: c.conversion.rate,
      confidenceScore: r.confidence,
      rawData: c.listing.raw as Record<string, unknown>,
      sellerName: c.listing.sellerName,
    });
  }
  await uow.flush();
  return persisted;
}

async function rows(em: EntityManager, table: string): Promise<number> {
  const [r] = await em.getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`);
  return Number(r?.n ?? -1);
}

/**
 * Empties the tables and flushes the server's dirty buffers, so that every timed run starts from the
 * same state instead of paying for the previous run's writes (without it the same BrickLink run
 * took from 3.4 to 5.6 s). CHECKPOINT needs a superuser; without one the runs go on unflushed.
 */
async function emptyTables(em: EntityManager): Promise<void> {
  await em.getConnection().execute('truncate price_listings, unmatched_listings');
  await em
    .getConnection()
    .execute('checkpoint')
    .catch(() => {});
}

interface WorkloadResult {
  listings: number;
  summary: IngestSummary;
  ours_first: ReturnType<typeof summarise> & { listings_per_s: number };
  ours_rerun: ReturnType<typeof summarise> & { listings_per_s: number };
  unit_of_work: ReturnType<typeof summarise> & { listings_per_s: number };
  speedup_vs_unit_of_work: number;
  /** CPU used (this process, and the database server when it runs here): the work, whatever the load. */
  cpu_ms_median: Record<string, number>;
  listings_per_cpu_s: { ours: number; unit_of_work: number };
}

async function measure(
  db: ScratchDatabase,
  sourceName: string,
  parse: () => RawListing[],
  matchers: { ours: () => TitleMatcher; baseline: TitleMatcher } | undefined = undefined,
): Promise<WorkloadResult> {
  const em = db.orm.em.fork();
  const sourceId = (await findSourceByName(em, sourceName))?.id as number;
  const first: number[] = [];
  const rerun: number[] = [];
  const uow: number[] = [];
  const serverCpu = await serverCpuReader(em);
  const cpu = {
    ours_node: [] as number[],
    ours_server: [] as number[],
    uow_node: [] as number[],
    uow_server: [] as number[],
  };
  const cpuOf = async <T>(fn: () => Promise<T>, node: number[], server: number[]) => {
    const n0 = processCpuMs();
    const s0 = serverCpu?.() ?? Number.NaN;
    const r = await timed(fn);
    node.push(Math.round(processCpuMs() - n0));
    server.push(Math.round((serverCpu?.() ?? Number.NaN) - s0));
    return r;
  };
  let summary: IngestSummary | undefined;
  let listings = 0;
  for (let run = 0; run < RUNS; run++) {
    await emptyTables(em);
    let ours = matchers?.ours();
    const a = await cpuOf(
      async () => {
        const raws = parse();
        listings = raws.length;
        return ingestListings(em, sourceName, raws, {
          matcher: ours,
          now: FETCHED_AT,
          log: silent,
        });
      },
      cpu.ours_node,
      cpu.ours_server,
    );
    const s = a.result;
    check(s.errors === 0, `${sourceName}: ${s.errors} errors`);
    check(
      s.inserted + s.unmatched + s.rejected === s.fetched,
      `${sourceName}: ${s.inserted} inserted + ${s.unmatched} unmatched + ${s.rejected} rejected != ${s.fetched} fetched`,
    );
    check((await rows(em, 'price_listings')) === s.inserted, `${sourceName}: price_listings != inserted`);
    check(
      (await rows(em, 'unmatched_listings')) === s.unmatched,
      `${sourceName}: unmatched_listings != unmatched`,
    );
    first.push(a.ms);
    summary = s;

    ours = matchers?.ours();
    const b = await timed(() =>
      ingestListings(em, sourceName, parse(), { matcher: ours, now: FETCHED_AT, log: silent }),
    );
    check(
      b.result.inserted === 0 && b.result.duplicates === s.inserted,
      `${sourceName}: the rerun inserted rows`,
    );
    check(
      (await rows(em, 'price_listings')) === s.inserted,
      `${sourceName}: the rerun changed price_listings`,
    );
    rerun.push(b.ms);

    await emptyTables(em);
    const c = await cpuOf(
      () => unitOfWork(em, sourceId, parse(), matchers?.baseline),
      cpu.uow_node,
      cpu.uow_server,
    );
    check(
      c.result === s.inserted,
      `${sourceName}: unit of work wrote ${c.result}, ingestListings ${s.inserted}`,
    );
    check((await rows(em, 'price_listings')) === s.inserted, `${sourceName}: unit of work row count`);
    uow.push(c.ms);
    process.stderr.write(`  ${sourceName} run ${run + 1}/${RUNS} done\n`);
  }
  const rate = (runs: number[]) => {
    const m = summarise(runs);
    return { ...m, listings_per_s: Math.round(listings / (m.median_ms / 1000)) };
  };
  const ours = rate(first);
  const base = rate(uow);
  const median = (xs: number[]) => summarise(xs).median_ms;
  const cpuSeconds = {
    ours_node_ms: median(cpu.ours_node),
    ours_server_ms: median(cpu.ours_server),
    unit_of_work_node_ms: median(cpu.uow_node),
    unit_of_work_server_ms: median(cpu.uow_server),
  };
  const { rejects, ...counts } = summary as IngestSummary;
  return {
    listings,
    summary: { ...counts, rejects: rejects?.slice(0, 3) },
    ours_first: ours,
    ours_rerun: rate(rerun),
    unit_of_work: base,
    speedup_vs_unit_of_work: ratio(base.median_ms, ours.median_ms),
    cpu_ms_median: cpuSeconds,
    listings_per_cpu_s: {
      ours: Math.round(listings / ((cpuSeconds.ours_node_ms + cpuSeconds.ours_server_ms) / 1000)),
      unit_of_work: Math.round(
        listings / ((cpuSeconds.unit_of_work_node_ms + cpuSeconds.unit_of_work_server_ms) / 1000),
      ),
    },
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg();
  const server = await openBenchServer();
  try {
    const db = await server.createDatabase({ poolMax: 4 });
    const em = db.orm.em.fork();
    process.stderr.write('loading the catalogue and the ECB history...\n');
    await importCatalogFile(em, CATALOG);
    await backfillEcbHistory(em, HISTORY);

    const answers = brickLinkAnswers(readPriceGuideCache(CACHE), FETCHED_AT);
    process.stderr.write(`BrickLink: ${answers.length} price guide answers\n`);
    const known = await measure(db, 'BrickLink', () => parseBrickLink(answers));

    const labelled = readFileSync(LABELLED, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0] ?? '')
      .filter(Boolean);
    const catalogue: CatalogueName[] = parseBrickLinkCatalog(readFileSync(CATALOG, 'utf8')).figures.map(
      (f) => ({
        itemNo: f.setNumber,
        name: f.name,
        theme: f.theme,
        year: f.yearReleased,
      }),
    );
    const pages = ebayPages(EBAY_LISTINGS, labelled, catalogue, FETCHED_AT);
    const build = await timed(() => createMatcher(em));
    const pool = await createMatcherPool(em);
    process.stderr.write(
      `eBay: ${EBAY_LISTINGS} item summaries; matcher built in ${Math.round(build.ms)} ms, ` +
        `pool of ${pool.workers} workers in ${Math.round(pool.startupMs)} ms\n`,
    );
    const matching = await measure(db, 'eBay', () => parseEbay(pages), {
      // What the eBay job gives ingestion: the pool's matcher, remembering titles for one run.
      ours: () => rememberMatches(pool.match).match,
      baseline: (titles) => build.result.match(titles),
    }).finally(() => pool.close());

    const table = formatTable(
      [
        'workload',
        'listings',
        'ours first (listings/s)',
        'rerun (listings/s)',
        'unit of work (listings/s)',
        'ours / uow',
        'ours (listings/CPU-s)',
        'uow (listings/CPU-s)',
      ],
      [
        [
          'BrickLink, figure known',
          known.listings,
          known.ours_first.listings_per_s,
          known.ours_rerun.listings_per_s,
          known.unit_of_work.listings_per_s,
          known.speedup_vs_unit_of_work,
          known.listings_per_cpu_s.ours,
          known.listings_per_cpu_s.unit_of_work,
        ],
        [
          'eBay, titles matched',
          matching.listings,
          matching.ours_first.listings_per_s,
          matching.ours_rerun.listings_per_s,
          matching.unit_of_work.listings_per_s,
          matching.speedup_vs_unit_of_work,
          matching.listings_per_cpu_s.ours,
          matching.listings_per_cpu_s.unit_of_work,
        ],
      ],
    );
    process.stdout.write(
      `\nIngest, end to end (parse, convert, match, write), median of ${RUNS} runs:\n${table}\n`,
    );
    const loadAfter = os.loadavg();
    process.stdout.write(
      `Load average (1 min) ${loadBefore[0]?.toFixed(1)} at the start, ${loadAfter[0]?.toFixed(1)} at the end, on ` +
        `${os.cpus().length} cores. listings/CPU-s counts the CPU this process and the database server used.\n`,
    );
    process.stdout.write(
      `Targets: >= 20,000 listings/s with the figure known (${known.ours_first.listings_per_s >= 20_000 ? 'met' : 'NOT met'}), ` +
        `>= 2x the unit of work (${known.speedup_vs_unit_of_work >= 2 ? 'met' : 'NOT met'} with the figure known, ` +
        `${matching.speedup_vs_unit_of_work >= 2 ? 'met' : 'NOT met'} with matching).\n`,
    );
    const file = await writeResults('ingest', {
      benchmark: 'ingest',
      started_at: started.toISOString(),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        server: server.kind,
        version: server.version,
        load_average_1m: { start: loadBefore[0], end: loadAfter[0] },
      },
      runs: RUNS,
      timeline_note: `listings dated before ${FETCHED_AT.toISOString()} (the ECB history ends 2025-05-09)`,
      bricklink_figure_known: { answers: answers.length, ...known },
      ebay_titles_matched: {
        matcher_build_ms: Math.round(build.ms),
        matcher_pool: { workers: pool.workers, startup_ms: Math.round(pool.startupMs) },
        ...matching,
      },
    });
    process.stdout.write(`Results: ${path.relative(repoRoot, file)}\n`);
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof BenchmarkFailure ? 'Benchmark failed: ' : ''}${err?.stack ?? err}\n`,
  );
  process.exit(1);
});
