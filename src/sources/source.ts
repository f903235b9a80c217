import type { z } from 'zod';
import type { SourceQuota } from '../db/repositories/fetch-state.js';
import type { RawListing, TitleMatcher } from '../ingest/types.js';
import type { JobContext, JobSummary } from '../jobs/job.js';

/**
 * A source's own section of the configuration: the environment variables it reads and what they
 * mean. src/config.ts composes the sections of every source in the job list, so a new source adds
 * its variables here, in its folder, and nowhere else.
 */
export interface SourceSettings<Key extends string = string, Settings = unknown> {
  /** Where the parsed section sits: config.sources[key]. */
  readonly key: Key;
  /** The variables with their validation and defaults (zod fields). */
  readonly variables: z.ZodRawShape;
  /** The section from the parsed variables. */
  read(env: Record<string, unknown>): Settings;
  /** Values that must never appear in a log line (src/log.ts redacts them). */
  secrets(env: Record<string, unknown>): (string | undefined)[];
}

export function defineSettings<Key extends string, Shape extends z.ZodRawShape, Settings>(section: {
  key: Key;
  variables: Shape;
  read(env: z.infer<z.ZodObject<Shape>>): Settings;
  secrets?(env: z.infer<z.ZodObject<Shape>>): (string | undefined)[];
}): SourceSettings<Key, Settings> {
  return {
    key: section.key,
    variables: section.variables,
    read: (env) => section.read(env as z.infer<z.ZodObject<Shape>>),
    secrets: (env) => section.secrets?.(env as z.infer<z.ZodObject<Shape>>) ?? [],
  };
}

/**
 * What the job list knows of a source folder (its index.ts): the settings, which are light and
 * read at start-up, and the source itself, loaded only by the job that runs it.
 */
export interface SourceFolder<Key extends string = string, Settings = unknown> {
  readonly settings: SourceSettings<Key, Settings>;
  load(): Promise<{ default: PriceSource<Settings> }>;
}

/** The defaults of the source's data_sources row, written on its first run when no migration did. */
export interface QuotaDefaults {
  apiType: 'API' | 'SCRAPE';
  perHour: number | null;
  perDay: number | null;
  /**
   * What one run may spend: at most the hourly figure (jobs that run every hour, so that the day's
   * quota lasts the day), or whatever is left of the day (a job that runs once a day).
   */
  perRun: 'hour' | 'day';
}

/** What a run may spend: what is left of today's quota, within the run's share. */
export interface RunBudget {
  source: SourceQuota;
  /** Calls made today before this run's plan (ours, or the upstream's own count). */
  callsToday: number;
  calls: number;
}

/** One unit of work: a figure, a search, a product page. It succeeds or fails as a whole. */
export interface SourceRequest {
  /** Recorded in source_fetch_state under this key, for sources that plan by it. */
  readonly key?: string;
  /** The request in a log line: { item: 'sw0001a' }. */
  readonly about: Readonly<Record<string, unknown>>;
  /** Its noun in a log line ('figure', 'search'). */
  readonly what: string;
}

/** One answer (or one page of it): listings to ingest, and entries the source could not read. */
export interface Fetched {
  listings?: RawListing[];
  rejected?: readonly unknown[];
}

export interface FetchOptions {
  signal: AbortSignal;
  /** Calls this run may still spend, for a request that pages. */
  callsLeft: number;
}

/** Everything a source's run knows: the job's context, its own settings and its data_sources row. */
export interface SourceRun<Settings> extends JobContext {
  settings: Settings;
  source: SourceQuota;
}

/** A run of a source, from `open` to `close`. `F` is its answer: listings (Fetched), and more. */
export interface SourceSession<Request extends SourceRequest = SourceRequest, F extends object = object> {
  /** Requests sent upstream so far, retries included: each one counts against the quota. */
  readonly calls: number;
  /** Today's calls as the upstream counts them, for a source that reports its own (else ours). */
  readonly usedToday?: number;
  /** Matches the listings' titles, for a source whose listings name no figure. */
  readonly matcher?: TitleMatcher;
  /** An idle run (nothing planned) stamps the source's last run unless this is false. */
  readonly stampsIdleRuns?: boolean;
  /** The fetch plan: what to fetch this run, most needed first, within the budget. */
  plan(budget: RunBudget): Promise<Request[]>;
  /** One request: one answer, or its pages as they arrive. */
  fetch(request: Request, opts: FetchOptions): Promise<F> | AsyncIterable<F>;
  /** Keeps what the answer holds besides listings, after its listings are written. */
  store?(request: Request, fetched: F): Promise<void>;
  /** After a failed request, before the next (e.g. forget a request upstream does not know). */
  failed?(request: Request, err: unknown): Promise<void>;
  /** After each request, with its error when it failed: the session keeps its own counts. */
  settled?(request: Request, error: string | undefined): void;
  /** A fault that would fail every further request: the run stops with this reason. */
  broken?(): { reason: string; error: Error } | null;
  /** After the last request (also when the run stopped early). */
  finish?(): Promise<void>;
  /** The source's own figures for the run summary. */
  summary(): JobSummary;
  close?(): Promise<void>;
}

/** A run that does not happen, and the one log line that says why. */
export interface Skip {
  skipped: string;
  message: string;
}

/** A price source: its name, its settings, its quota, and how a run is opened. */
export interface PriceSource<Settings = unknown, Options = never> {
  /** data_sources.name. */
  readonly name: string;
  /** The job's description in `minifig job list`. */
  readonly description: string;
  readonly settings: SourceSettings<string, Settings>;
  readonly quota: QuotaDefaults;
  /** Why the source cannot run with these settings (missing credentials), as a log line. */
  unconfigured?(settings: Settings): string | undefined;
  /** Starts a run: its client, and whatever the plan needs. `options` are test seams. */
  open(run: SourceRun<Settings>, options?: Options): Promise<SourceSession | Skip>;
}

export function isSkip(value: SourceSession | Skip): value is Skip {
  return typeof (value as Skip).skipped === 'string';
}
