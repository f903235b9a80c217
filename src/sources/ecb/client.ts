import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { SourceError } from '../../core/errors.js';
import { parseEcbDailyXml } from './parse-daily-xml.js';
import { type EcbDay, EcbFormatError } from './types.js';

/** Fetching ECB's daily file failed; the message says why in words fit for a log or a CLI. */
export class EcbFetchError extends SourceError {
  override name = 'EcbFetchError';
  constructor(
    message: string,
    retryable: boolean,
    readonly retryAfterMs?: number,
    status?: number,
  ) {
    super(message, { retryable, status });
  }
}

export interface EcbClientOptions {
  /** eurofxref-daily.xml (config.sources.ecb.dailyUrl). */
  url: string;
  /** Per attempt, covering the response body too (config.httpTimeoutMs). */
  timeoutMs: number;
  /** Attempts after the first for retryable failures (5xx, 429, timeouts, network, garbage). */
  retries?: number;
  /** Backoff before the first retry, doubling after that. */
  minRetryDelayMs?: number;
  /** Cancels the fetch and any pending retry (a job's abort signal). */
  signal?: AbortSignal;
}

/** Retry-After is honoured up to this; a longer wait means trying again at the next scheduled run. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Fetches and parses ECB's daily reference rates. Every attempt has a timeout; 5xx, 429, timeouts,
 * network errors and unparseable bodies are retried with exponential backoff (Retry-After honoured),
 * other 4xx are not. The error that finally escapes is an EcbFetchError with a plain message.
 */
export async function fetchEcbDaily(opts: EcbClientOptions): Promise<EcbDay[]> {
  return pRetry(
    async () => {
      try {
        return await fetchOnce(opts);
      } catch (err) {
        if (opts.signal?.aborted) throw new AbortError(new EcbFetchError('ECB fetch cancelled', false));
        if (err instanceof EcbFetchError && !err.retryable) throw new AbortError(err);
        throw err;
      }
    },
    {
      retries: opts.retries ?? 2,
      minTimeout: opts.minRetryDelayMs ?? 1000,
      factor: 2,
      signal: opts.signal,
      onFailedAttempt: async (err) => {
        const wait = err instanceof EcbFetchError ? err.retryAfterMs : undefined;
        if (wait && err.retriesLeft > 0) await sleep(wait, undefined, { signal: opts.signal });
      },
    },
  );
}

async function fetchOnce(opts: EcbClientOptions): Promise<EcbDay[]> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let body: string;
  try {
    const res = await fetch(opts.url, { signal, headers: { accept: 'application/xml, text/xml' } });
    if (!res.ok) {
      await res.body?.cancel();
      const retryable = res.status >= 500 || res.status === 429;
      throw new EcbFetchError(
        `ECB answered HTTP ${res.status} for ${opts.url}`,
        retryable,
        retryAfterMs(res.headers.get('retry-after')),
        res.status,
      );
    }
    body = await res.text();
  } catch (err) {
    if (err instanceof EcbFetchError) throw err;
    if (timeout.aborted) {
      throw new EcbFetchError(`ECB did not answer within ${opts.timeoutMs} ms (${opts.url})`, true);
    }
    if (opts.signal?.aborted) throw new EcbFetchError('ECB fetch cancelled', false);
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new EcbFetchError(`cannot reach ECB at ${opts.url} (${cause})`, true);
  }
  try {
    return parseEcbDailyXml(body);
  } catch (err) {
    if (err instanceof EcbFormatError) {
      throw new EcbFetchError(`ECB sent something that is not the reference-rate XML: ${err.message}`, true);
    }
    throw err;
  }
}

/** Retry-After as seconds or an HTTP date, capped; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
