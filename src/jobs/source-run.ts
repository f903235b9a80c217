import { callsOnDay } from '../db/repositories/fetch-state.js';
import { registerSource } from '../db/repositories/source-registration.js';
import {
  type Fetched,
  isSkip,
  type PriceSource,
  type RunBudget,
  type SourceRequest,
  type SourceSession,
} from '../sources/source.js';
import { defineJob, type JobContext, type JobDefinition, type JobSummary } from './job.js';
import type { JobName } from './job-list.js';
import {
  budgetFor,
  failureText,
  finishRun,
  ingestWithRetry,
  isCredentialFailure,
  RunLedger,
  RunTotals,
} from './source-run-pieces.js';

/** The job of a price source: its one run loop, under the job's name. */
export function sourceJob(name: JobName, source: PriceSource): JobDefinition {
  return defineJob({
    name,
    description: source.description,
    exclusive: true,
    run: (ctx) => runSource(ctx, source),
  });
}

/**
 * The one run loop of every price source. It skips a source that lacks its settings or is switched
 * off, plans the run within the quota, then takes the requests one by one: each is fetched, its
 * listings ingested (written again after a pause when the write failed) and its calls and outcome
 * recorded before the next. A request that fails is logged, counted and retried by a later run;
 * the others go on. Refused credentials, or a fault that would fail every request, stop the run.
 */
export async function runSource<Settings, Options>(
  ctx: JobContext,
  source: PriceSource<Settings, Options>,
  options?: Options,
): Promise<JobSummary> {
  const { em, log, now } = ctx;
  const settings = (ctx.config.sources as Record<string, unknown>)[source.settings.key] as Settings;
  const missing = source.unconfigured?.(settings);
  if (missing) {
    log.info(missing);
    return { skipped: 'no credentials' };
  }
  const row = await registerSource(em, source.name, source.quota);
  if (!row.isActive) {
    log.info(`${source.name} skipped: switched off in data_sources (is_active = false)`);
    return { skipped: 'inactive' };
  }
  const session = await source.open({ ...ctx, settings, source: row }, options);
  if (isSkip(session)) {
    log.info(session.message);
    return { skipped: session.skipped };
  }
  try {
    const callsBefore = session.calls;
    const callsToday = session.usedToday ?? (await callsOnDay(em, row.id, now));
    const budget = budgetFor(row, callsToday, source.quota.perRun);
    const requests = await session.plan(budget);
    const ledger = new RunLedger(em, row.id, now, log);
    // Calls made while opening (a key-usage check) count against the day too.
    if (callsBefore > 0) await ledger.record(callsBefore);
    const run = await takeRequests(ctx, source.name, session, requests, budget, ledger);
    await session.finish?.();
    await ledger.flush();
    if (requests.length > 0 || session.stampsIdleRuns !== false) {
      await finishRun(em, row.id, now, run.totals.errors === 0 && !run.stopped, log);
    }
    return {
      ...session.summary(),
      calls: session.calls,
      callsToday: budget.callsToday + session.calls - callsBefore,
      ...run.totals.summary(),
      ...(run.stopped ? { stopped: run.stopped } : {}),
    };
  } finally {
    await session.close?.();
  }
}

async function takeRequests(
  { em, log, signal, now }: JobContext,
  sourceName: string,
  session: SourceSession,
  requests: SourceRequest[],
  budget: RunBudget,
  ledger: RunLedger,
): Promise<{ totals: RunTotals; stopped: string | null }> {
  const totals = new RunTotals();
  const startCalls = session.calls;
  let stopped: string | null = null;
  for (const request of requests) {
    const callsLeft = budget.calls - (session.calls - startCalls);
    if (callsLeft <= 0) break;
    if (signal.aborted) {
      stopped = 'cancelled';
      break;
    }
    const callsBefore = session.calls;
    let error: string | undefined;
    try {
      for await (const answer of answers(session.fetch(request, { signal, callsLeft }))) {
        const fetched = answer as Fetched;
        const written = await ingest(em, sourceName, session, fetched, { log, signal, now });
        totals.add(written);
        totals.fetched += fetched.rejected?.length ?? 0;
        totals.rejected += fetched.rejected?.length ?? 0;
        if (written.errors > 0) error = `${written.errors} listings could not be written`;
        else await session.store?.(request, answer);
        const broken = session.broken?.();
        if (broken) {
          error = error ? `${error}; ${broken.error.message}` : broken.error.message;
          stopped = broken.reason;
          break;
        }
      }
    } catch (err) {
      error = failureText(err);
      totals.errors++;
      log.warn({ ...request.about, err: error }, `${sourceName} ${request.what} failed; the others carry on`);
      await session.failed?.(request, err);
      if (isCredentialFailure(err)) stopped = 'credentials refused';
    }
    session.settled?.(request, error);
    const attempt =
      request.key === undefined ? undefined : { key: request.key, at: now, success: !error, error };
    await ledger.record(session.calls - callsBefore, attempt);
    if (stopped) {
      log.error(
        { err: error, stopped },
        stopped === 'credentials refused'
          ? `${sourceName} refused our credentials; stopping this run`
          : `stopping this ${sourceName} run`,
      );
      break;
    }
  }
  return { totals, stopped };
}

/** A fetch gives one answer or pages of one: the loop takes both the same way. */
async function* answers(result: Promise<object> | AsyncIterable<object>): AsyncIterable<object> {
  if (Symbol.asyncIterator in result) yield* result;
  else yield await result;
}

/** Listings go through the ingest pipeline; an answer without any (catalogue data) writes none. */
async function ingest(
  em: JobContext['em'],
  sourceName: string,
  session: SourceSession,
  fetched: Fetched,
  opts: Pick<JobContext, 'log' | 'signal' | 'now'>,
) {
  if (!fetched.listings)
    return { fetched: 0, inserted: 0, duplicates: 0, unmatched: 0, rejected: 0, errors: 0 };
  return ingestWithRetry(em, sourceName, fetched.listings, { ...opts, matcher: session.matcher });
}
