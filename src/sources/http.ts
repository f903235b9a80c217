import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import { SourceError } from '../core/errors.js';
import { log as rootLog } from '../log.js';

/** How fast one source may be called: at most `maxConcurrent` requests in flight, `minTimeMs` apart. */
export interface RateLimit {
  maxConcurrent: number;
  minTimeMs: number;
}

export function createLimiter(limit: RateLimit): Bottleneck {
  return new Bottleneck({ maxConcurrent: limit.maxConcurrent, minTime: limit.minTimeMs });
}

export interface RetryPolicy {
  /** Retries after the first attempt. Every attempt is a call against the upstream quota. */
  retries: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /**
   * The longest Retry-After we wait for. Beyond it the request fails (retryably): a source that
   * asks for an hour's pause is better retried by the next scheduled run than by a sleeping job.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export interface HttpClientOptions {
  /** The source's name, used in error messages and logs. */
  source: string;
  baseUrl: string;
  timeoutMs: number;
  limiter: Bottleneck;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
}

export interface JsonRequest {
  method?: 'GET' | 'POST';
  /** Appended to the base URL, e.g. `/items/MINIFIG/sw0001/price`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /**
   * Built for every attempt, from the exact URL sent: an OAuth 1.0a request needs a fresh nonce
   * and timestamp each time, and a bearer token may have been renewed between attempts.
   */
  headers?: (url: string, method: string) => Record<string, string> | Promise<Record<string, string>>;
  body?: string;
  signal?: AbortSignal;
  /**
   * Inspects the parsed body inside the attempt and may throw a SourceError; a retryable one is
   * retried like an HTTP error (BrickLink reports its errors inside HTTP 200).
   */
  check?: (body: unknown) => void;
  /** Return the body text as received instead of parsing JSON (HTML pages, robots.txt). */
  raw?: boolean;
}

/** A 429, with how long the server asked us to wait (from Retry-After), when it said. */
export class RateLimitedError extends SourceError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, { retryable: true, status: 429 });
  }
}

/**
 * The one way sources speak HTTP: each request has a timeout, waits its turn in the source's rate
 * limiter, and is retried with exponential backoff when the failure is transient (429 honouring
 * Retry-After, 5xx, network errors, timeouts, unreadable bodies). Other 4xx fail at once.
 */
export class HttpClient {
  /** Requests actually sent, retries included: each one counts against the upstream quota. */
  attempts = 0;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;

  constructor(private readonly opts: HttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.log = (opts.log ?? rootLog).child({ source: opts.source });
  }

  async json<T = unknown>(req: JsonRequest): Promise<T> {
    const label = `${this.opts.source} ${req.method ?? 'GET'} ${req.path}`;
    let tries = 0;
    try {
      return (await pRetry(
        () => {
          tries++;
          return this.opts.limiter.schedule(() => this.once(req, label));
        },
        {
          retries: this.retry.retries,
          minTimeout: this.retry.minBackoffMs,
          maxTimeout: this.retry.maxBackoffMs,
          factor: 2,
          randomize: true,
          signal: req.signal,
          onFailedAttempt: (err) => this.beforeRetry(err, req.signal),
        },
      )) as T;
    } catch (err) {
      if (err instanceof SourceError && err.retryable && tries > 1) {
        throw new SourceError(`${err.message} (gave up after ${tries} attempts)`, {
          retryable: true,
          status: err.status,
          cause: err,
        });
      }
      throw err;
    }
  }

  /** The body as text, with the same timeout, rate limit and retries as `json` (HTML pages, robots.txt). */
  text(req: Omit<JsonRequest, 'raw' | 'check'>): Promise<string> {
    return this.json<string>({ ...req, raw: true });
  }

  /** Throws to stop retrying (not retryable, or a pause longer than we wait); sleeps out Retry-After. */
  private async beforeRetry(err: Error & { retriesLeft: number }, signal?: AbortSignal): Promise<void> {
    if (!(err instanceof SourceError) || !err.retryable) throw err;
    if (err.retriesLeft <= 0) return;
    this.log.warn({ err: err.message, retriesLeft: err.retriesLeft }, 'transient upstream failure; retrying');
    if (err instanceof RateLimitedError && err.retryAfterMs !== undefined) {
      if (err.retryAfterMs > this.retry.maxRetryAfterMs) throw err;
      await sleep(err.retryAfterMs, undefined, { signal });
    }
  }

  private async once(req: JsonRequest, label: string): Promise<unknown> {
    const method = req.method ?? 'GET';
    const url = buildUrl(this.opts.baseUrl, req.path, req.query);
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    const accept = req.raw ? 'text/html, text/plain;q=0.9, */*;q=0.8' : 'application/json';
    const headers = { accept, ...(await req.headers?.(url, method)) };
    this.attempts++;

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(url, { method, headers, body: req.body, signal, redirect: 'follow' });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text(); // still under the timeout: a body that stalls is a timeout too
    } catch (err) {
      if (req.signal?.aborted) throw new AbortError(asError(req.signal.reason));
      if (timeout.aborted) {
        throw new SourceError(`${label}: no complete answer within ${this.opts.timeoutMs} ms`, {
          retryable: true,
          cause: err,
        });
      }
      throw new SourceError(`${label}: network error (${networkReason(err)})`, {
        retryable: true,
        cause: err,
      });
    }

    if (status === 429) {
      const waitMs = parseRetryAfter(retryAfter, Date.now());
      const after = waitMs === undefined ? '' : ` (Retry-After ${Math.ceil(waitMs / 1000)} s)`;
      throw new RateLimitedError(`${label}: rate limited, HTTP 429${after}`, waitMs);
    }
    if (status >= 500) {
      throw new SourceError(`${label}: HTTP ${status} ${snippet(text)}`, { retryable: true, status });
    }
    if (status < 200 || status >= 300) {
      throw new SourceError(`${label}: HTTP ${status} ${snippet(text)}`, { retryable: false, status });
    }
    const body = req.raw ? text : parseJson(text, label);
    req.check?.(body);
    return body;
  }
}

/**
 * Query strings are encoded the RFC 3986 way (space as %20, never '+'), which is also how OAuth
 * 1.0a normalises parameters: the URL we sign is byte for byte the URL we send.
 */
export function buildUrl(baseUrl: string, path: string, query?: JsonRequest['query']): string {
  const base = baseUrl.replace(/\/+$/, '');
  const pairs = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(String(v))}`);
  return `${base}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** An unreadable body is usually a connection cut mid-answer, so it is worth another try. */
function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SourceError(
      `${label}: the answer is not valid JSON (truncated or garbage, ${text.length} characters, ` +
        `starting ${JSON.stringify(text.slice(0, 40))}): ${reason}`,
      { retryable: true, cause: err },
    );
  }
}

/** The start of an error body: enough to see what went wrong, never a whole page in a log line. */
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
