import type Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { createLimiter, HttpClient, type RetryPolicy } from '../http.js';
import { type BricksetSet, checkEnvelope, type GetSetsResponse, type KeyUsageResponse } from './wire.js';

export const BRICKSET = {
  name: 'Brickset',
  /** getSets takes a comma-separated list of set numbers; one call can enrich many figures. */
  setsPerCall: 100,
} as const;

export interface BricksetClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  limiter?: Bottleneck;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
}

export class BricksetClient {
  private readonly http: HttpClient;

  constructor(private readonly opts: BricksetClientOptions) {
    this.http = new HttpClient({
      source: BRICKSET.name,
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      limiter: opts.limiter ?? createLimiter({ maxConcurrent: 1, minTimeMs: 1000 }),
      retry: opts.retry,
      log: opts.log,
    });
  }

  /** Requests sent, retries included: Brickset counts every one against the key's daily allowance. */
  get calls(): number {
    return this.http.attempts;
  }

  /** The sets with these full numbers ("75192-1"); unknown numbers are simply absent. */
  async sets(setNumbers: string[], signal?: AbortSignal): Promise<BricksetSet[]> {
    if (setNumbers.length === 0) return [];
    const body = await this.http.json<GetSetsResponse>({
      path: '/getSets',
      query: {
        apiKey: this.opts.apiKey,
        userHash: '',
        params: JSON.stringify({ setNumber: setNumbers.join(','), pageSize: 500, extendedData: 0 }),
      },
      check: checkEnvelope,
      signal,
    });
    return Array.isArray(body.sets) ? body.sets : [];
  }

  /** Brickset's own count of this key's calls per day (its record, not ours). */
  async keyUsage(signal?: AbortSignal): Promise<{ date: string; count: number }[]> {
    const body = await this.http.json<KeyUsageResponse>({
      path: '/getKeyUsageStats',
      query: { apiKey: this.opts.apiKey },
      check: checkEnvelope,
      signal,
    });
    return (body.apiKeyUsage ?? []).map((u) => ({ date: u.dateStamp.slice(0, 10), count: u.count }));
  }
}
