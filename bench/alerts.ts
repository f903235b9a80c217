/**
 * Alerts benchmark: `npm run bench:alerts`.
 *
 * 1. Evaluation: 100,000 active alerts (below, above, change, new-low, deal) over the full
 *    18,149-figure catalogue and LISTINGS market listings, after a full snapshot refresh (timed on
 *    its own; it belongs to the analytics), evaluated by `evaluateAlerts` (one transaction: the
 *    stored headlines read once, one statement for all level alerts, one for all deal alerts), from
 *    armed alerts each run (the first evaluation after a refresh does the most work: every crossing
 *    writes its firing and outbox row), and once more in steady state. Baseline in the same run: the
 *    naive way, one headline query per alert, the decision in code and one transaction per firing,
 *    over a random sample of below/above alerts (the per-alert cost does not depend on how many
 *    there are, so the sample's rate is the baseline's rate).
 * 2. Delivery: 10,000 outbox rows to 1,000 channels of a fake platform on 127.0.0.1 (HTTP, one
 *    message per idempotency key), by the Notifier (batched SKIP LOCKED claims, parallel targets,
 *    one UPDATE per delivered row). Baseline: one row at a time (claim one row FOR UPDATE SKIP
 *    LOCKED in a transaction, post, mark sent, commit), over a sample.
 *
 * Target: 100,000 alerts evaluated in at most 5 s. Results: stdout and bench/results/alerts-<time>.json.
 * Runs against DATABASE_URL when set (scratch databases only), otherwise a throwaway embedded PostgreSQL.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { evaluateAlerts } from '../src/alerts/evaluate.js';
import { refreshSnapshots } from '../src/analytics/refresh.js';
import { importCatalogFile } from '../src/catalog/import-catalog.js';
import { outboxCounts } from '../src/db/repositories/notifications.js';
import { Notifier } from '../src/notifier/notifier.js';
import type { PlatformPort } from '../src/notifier/port.js';
import { CATALOG_FILE } from '../test/support/paths.js';
import { generateMarketListings } from '../test/support/synthetic-market.js';
import { generateAlerts, generateOutbox } from './support/alert-data.js';
import { type CpuTimed, cpuMeter } from './support/cpu.js';
import { openBenchServer } from './support/database.js';
import { formatTable, ratio, summarise, timed, writeResults } from './support/results.js';

const ALERTS = 100_000;
const USERS = 5_000;
/**
 * Listings only shape the headline table (every catalogue figure with a listing gets 91 days of
 * headlines, whatever the volume) and the new asking listings deal alerts scan; the full refresh,
 * which is the analytics' cost, grows with them. BENCH_ALERT_LISTINGS overrides.
 */
const LISTINGS = Number(process.env.BENCH_ALERT_LISTINGS ?? 500_000);
const DAYS = 120;
const END_DAY = '2026-11-26';
const RUNS = 3;
const NAIVE_SAMPLE = 3_000;
const OUTBOX = 10_000;
const OUTBOX_TARGETS = 1_000;
const NAIVE_OUTBOX = 1_000;
const MIN_CONFIDENCE = 0.6;
const TARGET_MS = 5_000;

const quiet = pino({ level: 'silent' });
const say = (text: string) => process.stderr.write(text);

/** Wall-clock time and CPU time (this process, and the database's backends when they are local). */
interface Measured<T> {
  ms: number;
  nodeCpuMs: number;
  dbCpuMs: number | null;
  result: T;
}

class BenchmarkFailure extends Error {}
function check(condition: boolean, message: string): void {
  if (!condition) throw new BenchmarkFailure(message);
}

async function resetAlertState(em: EntityManager): Promise<void> {
  await em.execute('truncate alert_firings, notifications');
  await em.execute(
    `update alerts set state = 'armed', fire_count = 0, last_fired_at = null, last_fired_value = null,
                       deals_checked_until = null`,
  );
  await em.execute('vacuum analyze alerts');
}

interface NaiveAlert {
  id: string;
  minifigure_id: string;
  condition: string;
  kind: 'below' | 'above';
  threshold: number;
  hysteresis: number;
  state: string;
  last_fired_at: Date | null;
  cooldown_s: number;
  platform: string;
  workspace_id: string;
  target: string;
}

/** The baseline: per alert, one query for its headline price; the decision in code; a transaction per firing. */
async function naiveEvaluate(em: EntityManager, alerts: NaiveAlert[], now: Date): Promise<number> {
  let fired = 0;
  for (const a of alerts) {
    // The same stored headline the set-based evaluation reads, one indexed lookup per alert.
    const [headline] = await em.execute<{ price: number }[]>(
      `select price_usd::float8 as price from headline_prices
       where minifigure_id = ? and condition = ?
         and date = (select headline_through from snapshot_refresh_state where id = 1)`,
      [a.minifigure_id, a.condition],
    );
    if (!headline) continue;
    const price = headline.price;
    const crossed = a.kind === 'below' ? price <= a.threshold : price >= a.threshold;
    const cooled = !a.last_fired_at || a.last_fired_at.getTime() + a.cooldown_s * 1000 <= now.getTime();
    if (a.state === 'armed' && crossed && cooled) {
      fired++;
      await em.transactional(async (tx) => {
        const [row] = await tx.execute<{ fire_count: number }[]>(
          `update alerts set state = 'fired', fire_count = fire_count + 1, last_fired_at = ?, last_fired_value = ?
           where id = ? and state = 'armed' returning fire_count`,
          [now, price, a.id],
        );
        const key = `alert:${a.id}:${row?.fire_count}`;
        const [note] = await tx.execute<{ id: string }[]>(
          `insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
           values (?, ?, 'user', ?, 'alert', ?::jsonb, ?) on conflict (dedupe_key) do nothing returning id`,
          [
            a.platform,
            a.workspace_id,
            a.target,
            JSON.stringify({ type: 'alert', alertId: a.id, price }),
            key,
          ],
        );
        await tx.execute(
          'insert into alert_firings (alert_id, fired_at, value, reference, notification_id) values (?, ?, ?, ?, ?)',
          [a.id, now, price, a.threshold, note?.id ?? null],
        );
      });
    } else if (a.state === 'fired') {
      const back =
        a.kind === 'below'
          ? price >= a.threshold * (1 + a.hysteresis)
          : price <= a.threshold * (1 - a.hysteresis);
      if (back) await em.execute(`update alerts set state = 'armed' where id = ?`, [a.id]);
    }
  }
  return fired;
}

/**
 * The client side of the fake platform: node:http with keep-alive (on this machine Node's fetch
 * costs about 5x more per request to 127.0.0.1, which would measure fetch, not the notifier).
 */
function httpPort(url: string): PlatformPort {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const { hostname, port, pathname } = new URL(url);
  return {
    send: (target, reply, { idempotencyKey }) =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: hostname,
            port,
            path: pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              if (res.statusCode !== 200)
                return reject(Object.assign(new Error('HTTP error'), { status: res.statusCode }));
              resolve({
                messageId: (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id,
              });
            });
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ key: idempotencyKey, target: target.id, summary: reply.summary }));
      }),
  };
}

/** A fake chat platform: keeps one message per idempotency key, answers 200. */
async function startFakePlatform(): Promise<{
  url: string;
  keys: Set<string>;
  requests: () => number;
  close(): Promise<void>;
}> {
  const keys = new Set<string>();
  let requests = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    requests++;
    const { key } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key: string };
    keys.add(key);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `m-${key}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/post`,
    keys,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The delivery baseline: one row per transaction, claimed, posted and marked before the next. */
async function naiveDeliver(em: EntityManager, url: string): Promise<number> {
  const port = httpPort(url);
  let delivered = 0;
  for (;;) {
    const sent = await em.transactional(async (tx) => {
      const [row] = await tx.execute<{ id: string; target_id: string; dedupe_key: string }[]>(
        `select id, target_id, dedupe_key from notifications where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at, id limit 1 for update skip locked`,
      );
      if (!row) return false;
      const result = await port.send(
        { kind: 'channel', id: row.target_id, workspaceId: '' },
        { summary: `alert ${row.dedupe_key}`, blocks: [] },
        { idempotencyKey: row.dedupe_key },
      );
      await tx.execute(
        `update notifications set status = 'sent', sent_at = now(), attempts = attempts + 1, platform_message_id = ?
         where id = ?`,
        [result.messageId, row.id],
      );
      return true;
    });
    if (!sent) return delivered;
    delivered++;
  }
}

async function main(): Promise<void> {
  const date = new Date();
  const now = new Date(`${END_DAY}T00:00:00Z`);
  const server = await openBenchServer();
  try {
    let meter: Awaited<ReturnType<typeof cpuMeter>> | null = null;
    const measure = async <T>(fn: () => Promise<T>): Promise<Measured<T>> => {
      const t: CpuTimed<T> = await (meter as NonNullable<typeof meter>)(fn);
      return { ms: t.ms, nodeCpuMs: t.cpu.nodeMs, dbCpuMs: t.cpu.dbMs, result: t.result };
    };
    say(`Alerts benchmark on ${server.kind} PostgreSQL: ${server.version.split(',')[0]}\n`);
    const db = await server.createDatabase({ poolMax: 10 });
    const em = db.orm.em.fork();
    meter = await cpuMeter(em);
    say('  importing the catalogue...');
    const catalog = await importCatalogFile(em, CATALOG_FILE);
    say(
      ` ${catalog.total} figures; generating ${LISTINGS.toLocaleString('en-US')} listings over ${DAYS} days...`,
    );
    const gen = await timed(() =>
      generateMarketListings(em, { count: LISTINGS, days: DAYS, endDay: END_DAY }),
    );
    await em.execute('vacuum analyze price_listings');
    say(` ${(gen.ms / 1000).toFixed(0)} s; full snapshot refresh...`);
    const refresh = await timed(() =>
      refreshSnapshots(db.orm.em.fork(), { minConfidence: MIN_CONFIDENCE, now, full: true }),
    );
    check(
      refresh.result.asOf === END_DAY,
      `the refresh computed headlines up to ${refresh.result.asOf}, not ${END_DAY}`,
    );
    say(` ${(refresh.ms / 1000).toFixed(0)} s; ${ALERTS.toLocaleString('en-US')} alerts...`);
    await generateAlerts(em, { total: ALERTS, users: USERS, now });
    const [kinds] = await em.execute<Record<string, number>[]>(
      `select count(*)::int as total, count(*) filter (where kind = 'below')::int as below,
              count(*) filter (where kind = 'above')::int as above, count(*) filter (where kind = 'change')::int as change,
              count(*) filter (where kind = 'new-low')::int as new_low, count(*) filter (where kind = 'deal')::int as deal,
              count(distinct (minifigure_id, condition))::int as pairs
       from alerts where removed_at is null`,
    );
    check(kinds?.total === ALERTS, `expected ${ALERTS} alerts, made ${kinds?.total}`);
    say(' done\n');

    // Each timed run starts from armed alerts right after the refresh: the most work a run can have.
    const first: Measured<Awaited<ReturnType<typeof evaluateAlerts>>>[] = [];
    const steady: Measured<Awaited<ReturnType<typeof evaluateAlerts>>>[] = [];
    for (let i = 1; i <= RUNS; i++) {
      await resetAlertState(em);
      say(`  evaluation run ${i}/${RUNS}: first after refresh...`);
      const t1 = await measure(() =>
        evaluateAlerts(db.orm.em.fork(), { now, minConfidence: MIN_CONFIDENCE }),
      );
      first.push(t1);
      const evaluated = t1.result.levels.evaluated + t1.result.deals.alerts;
      check(evaluated > ALERTS * 0.95, `only ${evaluated} of ${ALERTS} alerts had a price to compare with`);
      const counts = await outboxCounts(em);
      check(
        counts.pending === t1.result.levels.notified + t1.result.deals.notified,
        'outbox rows do not match the firings',
      );
      say(` ${Math.round(t1.ms)} ms (${t1.result.levels.fired} fired); steady state...`);
      const t2 = await measure(() =>
        evaluateAlerts(db.orm.em.fork(), { now, minConfidence: MIN_CONFIDENCE }),
      );
      check(t2.result.levels.fired === 0, 'a second evaluation at the same prices fired again');
      steady.push(t2);
      say(` ${Math.round(t2.ms)} ms\n`);
    }

    await resetAlertState(em);
    const sample = await em.execute<NaiveAlert[]>(
      `select a.id::text as id, a.minifigure_id, a.condition, a.kind, a.threshold::float8 as threshold,
              a.hysteresis::float8 as hysteresis, a.state, a.last_fired_at,
              extract(epoch from a.cooldown)::float8 as cooldown_s, u.platform, u.workspace_id, u.user_id as target
       from alerts a join chat_users u on u.id = a.user_id
       where a.kind in ('below', 'above') order by md5(a.id::text) limit ?`,
      [NAIVE_SAMPLE],
    );
    say(`  naive baseline over ${sample.length} alerts...`);
    const naive = await measure(() => naiveEvaluate(db.orm.em.fork(), sample, now));
    say(` ${Math.round(naive.ms)} ms (${naive.result} fired)\n`);

    const platform = await startFakePlatform();
    try {
      await em.execute('truncate alert_firings, notifications');
      await generateOutbox(em, OUTBOX, OUTBOX_TARGETS, 'bench:');
      const notifier = new Notifier({
        orm: db.orm,
        ports: { console: httpPort(platform.url) },
        log: quiet,
        listen: false,
        batchSize: 200,
        concurrency: 8,
      });
      say(`  delivering ${OUTBOX.toLocaleString('en-US')} outbox rows...`);
      const delivery = await measure(() => notifier.drain());
      const counts = await outboxCounts(em);
      check(
        counts.sent === OUTBOX && platform.keys.size === OUTBOX,
        `delivered ${counts.sent}, platform saw ${platform.keys.size}`,
      );
      check(
        platform.requests() === OUTBOX,
        `the platform got ${platform.requests()} requests for ${OUTBOX} rows`,
      );
      say(` ${Math.round(delivery.ms)} ms; naive delivery of ${NAIVE_OUTBOX}...`);
      await em.execute('truncate alert_firings, notifications');
      await generateOutbox(em, NAIVE_OUTBOX, OUTBOX_TARGETS, 'naive:');
      const naiveDelivery = await measure(() => naiveDeliver(db.orm.em.fork(), platform.url));
      check(naiveDelivery.result === NAIVE_OUTBOX, `naive delivered ${naiveDelivery.result}`);
      say(` ${Math.round(naiveDelivery.ms)} ms\n`);

      const median = (xs: number[]) => summarise(xs).median_ms;
      const firstM = summarise(first.map((m) => m.ms));
      const steadyM = summarise(steady.map((m) => m.ms));
      const cpuOf = (ms: Measured<unknown>[]) => ({
        node_cpu_ms: median(ms.map((m) => m.nodeCpuMs)),
        db_cpu_ms: ms[0]?.dbCpuMs === null ? null : median(ms.map((m) => m.dbCpuMs ?? 0)),
      });
      const cpuTotal = (c: { node_cpu_ms: number; db_cpu_ms: number | null }) =>
        c.node_cpu_ms + (c.db_cpu_ms ?? 0);
      const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
      const naiveRate = perSecond(sample.length, naive.ms);
      const firstCpu = cpuOf(first);
      const naiveCpu = cpuOf([naive]);
      const deliveryCpu = cpuOf([delivery]);
      const naiveDeliveryCpu = cpuOf([naiveDelivery]);
      const load = os.loadavg().map((x) => Math.round(x * 10) / 10);
      const results = {
        benchmark: 'alerts',
        date: date.toISOString(),
        server: { kind: server.kind, version: server.version },
        machine: { cpus: os.cpus().length, node: process.version, load_average_at_end: load },
        data: {
          figures: catalog.total,
          listings: LISTINGS,
          listing_days: DAYS,
          alerts: kinds,
          price_input: 'headline_prices of the latest snapshot refresh (src/db/repositories/alert-prices.ts)',
          full_refresh_ms: Math.round(refresh.ms),
        },
        evaluation: {
          first_after_refresh: { ...firstM, ...firstCpu },
          steady_state: { ...steadyM, ...cpuOf(steady) },
          alerts_per_second_first: perSecond(ALERTS, firstM.median_ms),
          alerts_per_second_steady: perSecond(ALERTS, steadyM.median_ms),
          alerts_per_cpu_second_first: perSecond(ALERTS, cpuTotal(firstCpu)),
          fired_first_run: first.at(-1)?.result.levels.fired ?? null,
          deals_first_run: first.at(-1)?.result.deals.notified ?? null,
          target_ms: TARGET_MS,
          meets_target_wall_clock: firstM.median_ms <= TARGET_MS,
          meets_target_cpu_time: cpuTotal(firstCpu) <= TARGET_MS,
          naive: {
            alerts: sample.length,
            ms: Math.round(naive.ms),
            ...naiveCpu,
            alerts_per_second: naiveRate,
            alerts_per_cpu_second: perSecond(sample.length, cpuTotal(naiveCpu)),
            projected_ms_for_all: Math.round((ALERTS / naiveRate) * 1000),
          },
          ratio_vs_naive: ratio(ALERTS / naiveRate, firstM.median_ms / 1000),
        },
        delivery: {
          rows: OUTBOX,
          targets: OUTBOX_TARGETS,
          ms: Math.round(delivery.ms),
          ...deliveryCpu,
          deliveries_per_second: perSecond(OUTBOX, delivery.ms),
          deliveries_per_cpu_second: perSecond(OUTBOX, cpuTotal(deliveryCpu)),
          naive: {
            rows: NAIVE_OUTBOX,
            ms: Math.round(naiveDelivery.ms),
            ...naiveDeliveryCpu,
            deliveries_per_second: perSecond(NAIVE_OUTBOX, naiveDelivery.ms),
            deliveries_per_cpu_second: perSecond(NAIVE_OUTBOX, cpuTotal(naiveDeliveryCpu)),
          },
          ratio_vs_naive: ratio(perSecond(OUTBOX, delivery.ms), perSecond(NAIVE_OUTBOX, naiveDelivery.ms)),
        },
      };
      const cpuText = (c: { node_cpu_ms: number; db_cpu_ms: number | null }) =>
        c.db_cpu_ms === null ? `${Math.round(c.node_cpu_ms)} (node)` : Math.round(cpuTotal(c));
      const table = formatTable(
        ['measure', 'wall ms', 'per second', 'CPU ms (node+db)', 'vs naive'],
        [
          [
            `evaluate ${ALERTS.toLocaleString('en-US')} alerts, first after refresh`,
            firstM.median_ms,
            results.evaluation.alerts_per_second_first,
            cpuText(firstCpu),
            `${results.evaluation.ratio_vs_naive}x`,
          ],
          [
            `evaluate ${ALERTS.toLocaleString('en-US')} alerts, steady state`,
            steadyM.median_ms,
            results.evaluation.alerts_per_second_steady,
            cpuText(cpuOf(steady)),
            '-',
          ],
          [
            `naive: 1 query per alert (${sample.length} sampled)`,
            Math.round(naive.ms),
            naiveRate,
            cpuText(naiveCpu),
            '1x',
          ],
          [
            `deliver ${OUTBOX.toLocaleString('en-US')} outbox rows (notifier)`,
            Math.round(delivery.ms),
            results.delivery.deliveries_per_second,
            cpuText(deliveryCpu),
            `${results.delivery.ratio_vs_naive}x`,
          ],
          [
            `naive: 1 row per transaction (${NAIVE_OUTBOX})`,
            Math.round(naiveDelivery.ms),
            results.delivery.naive.deliveries_per_second,
            cpuText(naiveDeliveryCpu),
            '1x',
          ],
        ],
      );
      process.stdout.write(`${table}\n\n`);
      process.stdout.write(
        `100,000 alerts: ${(firstM.median_ms / 1000).toFixed(2)} s wall clock, ${(cpuTotal(firstCpu) / 1000).toFixed(2)} s of CPU ` +
          `(target ${TARGET_MS / 1000} s; load average ${load.join(' ')} on ${os.cpus().length} cores)\n`,
      );
      process.stdout.write(`Results: ${await writeResults('alerts', results)}\n`);
    } finally {
      await platform.close();
    }
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  process.stderr.write(`\n${err instanceof BenchmarkFailure ? err.message : String(err?.stack ?? err)}\n`);
  process.exitCode = 1;
});
