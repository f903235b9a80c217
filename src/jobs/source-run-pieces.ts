import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { SourceError } from '../core/errors.js';
import { recordApiCalls, recordScrape } from '../db/repositories/data-sources.js';
import { type FetchAttempt, recordFetchAttempts, type SourceQuota } from '../db/repositories/fetch-state.js';
import { type IngestOptions, ingestListings } from '../ingest/pipeline.js';
import type { IngestSummary, RawListing } from '../ingest/types.js';
import type { QuotaDefaults, RunBudget } from '../sources/source.js';
import type { JobSummary } from './job.js';

/**
 * What a run may spend: what is left of today's quota (`callsToday` as we or the upstream counted
 * them), and for an hourly job at most `perHour` calls, so that the daily quota lasts the day.
 */
export function budgetFor(
  source: SourceQuota,
  callsToday: number,
  perRun: QuotaDefaults['perRun'],
): RunBudget {
  const leftToday =
    source.perDay === null ? Number.POSITIVE_INFINITY : Math.max(0, source.perDay - callsToday);
  const calls = perRun === 'hour' ? Math.min(leftToday, source.perHour ?? leftToday) : leftToday;
  return { source, callsToday, calls: Number.isFinite(calls) ? calls : 1000 };
}

/**
 * Upstream refused our credentials: every further call would fail the same way and burn quota,
 * so the run stops after the first one instead of failing every figure in turn.
 */
export function isCredentialFailure(err: unknown): boolean {
  return err instanceof SourceError && !err.retryable && (err.status === 401 || err.status === 403);
}

/** A short, secret-free description of a failure for logs and source_fetch_state.last_error. */
export function failureText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Counts across one run, in the shape `minifig job run` prints. */
export class RunTotals {
  fetched = 0;
  inserted = 0;
  duplicates = 0;
  unmatched = 0;
  rejected = 0;
  errors = 0;

  add(s: IngestSummary): void {
    this.fetched += s.fetched;
    this.inserted += s.inserted;
    this.duplicates += s.duplicates;
    this.unmatched += s.unmatched;
    this.rejected += s.rejected;
    this.errors += s.errors;
  }

  summary(): JobSummary {
    const { fetched, inserted, duplicates, unmatched, rejected, errors } = this;
    return { fetched, inserted, duplicates, unmatched, rejected, errors };
  }
}

/**
 * After each unit of work (a figure, a search) the ledger counts the calls it made against today's
 * quota and remembers the attempt, so a run that dies half-way has still counted what it spent.
 * When the database is unreachable, the entries wait and go out with the next write.
 */
export class RunLedger {
  private pendingCalls = 0;
  private pendingAttempts: FetchAttempt[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly sourceId: number,
    /** The run's clock: calls count against the quota of this UTC day. */
    private readonly at: Date,
    private readonly log: Logger,
  ) {}

  async record(calls: number, attempt?: FetchAttempt): Promise<void> {
    this.pendingCalls += calls;
    if (attempt) this.pendingAttempts.push(attempt);
    await this.flush();
  }

  /** Writes what is pending; true when nothing is left unwritten. */
  async flush(): Promise<boolean> {
    try {
      if (this.pendingCalls > 0) {
        await recordApiCalls(this.em, this.sourceId, this.pendingCalls, this.at);
        this.pendingCalls = 0;
      }
      if (this.pendingAttempts.length > 0) {
        await recordFetchAttempts(this.em, this.sourceId, this.pendingAttempts);
        this.pendingAttempts = [];
      }
      return true;
    } catch (err) {
      this.log.error(
        { err: failureText(err), calls: this.pendingCalls, attempts: this.pendingAttempts.length },
        'cannot record calls and attempts yet; will retry with the next write',
      );
      return false;
    }
  }
}

/** Pauses before writing a batch again after a failed write: a restarting database needs a moment. */
export const WRITE_RETRY_DELAYS_MS = [500, 1500];

/**
 * Ingests one fetched batch, writing it again after a pause when the write failed (a database
 * restart, a dropped connection). Writing is idempotent, so a second attempt only adds what the
 * first did not, and the quota already spent on fetching the batch is not wasted. The counts
 * cover both attempts: rows the first wrote are inserted, not duplicates of the second.
 */
export async function ingestWithRetry(
  em: EntityManager,
  sourceName: string,
  raws: RawListing[],
  opts: IngestOptions & { log: Logger; signal: AbortSignal },
): Promise<IngestSummary> {
  let insertedBefore = 0;
  for (let attempt = 0; ; attempt++) {
    const delay = WRITE_RETRY_DELAYS_MS[attempt];
    let summary: IngestSummary | undefined;
    try {
      summary = await ingestListings(em, sourceName, raws, opts);
    } catch (err) {
      if (delay === undefined || opts.signal.aborted) throw err;
      opts.log.warn({ err: failureText(err), attempt }, 'writing the batch failed; trying again');
    }
    if (summary) {
      const combined = {
        ...summary,
        inserted: summary.inserted + insertedBefore,
        duplicates: Math.max(0, summary.duplicates - insertedBefore),
      };
      if (summary.errors === 0 || delay === undefined || opts.signal.aborted) return combined;
      insertedBefore = combined.inserted;
      opts.log.warn({ errors: summary.errors, attempt }, 'some listings were not written; trying again');
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Stamps the source's last run, whatever happened; a database that is down is only logged. */
export async function finishRun(
  em: EntityManager,
  sourceId: number,
  at: Date,
  success: boolean,
  log: Logger,
): Promise<void> {
  await recordScrape(em, sourceId, { at, success }).catch((err) =>
    log.error({ err: failureText(err) }, 'cannot record the run in data_sources'),
  );
}
