import type Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import robotsParserModule from 'robots-parser';
import { SourceError } from '../../core/errors.js';
import { createLimiter, HttpClient, type RetryPolicy } from '../http.js';

export const LEGO = {
  name: 'LEGO',
  /** Identifies us to LEGO.com and is the name robots.txt rules are matched against. */
  userAgent: 'minifig-stonks/0.1 (price tracker; +https://github.com/minifig-stonks)',
} as const;

export interface LegoClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Pages per hour (data_sources.rate_limit_per_hour); requests are spaced evenly. */
  pagesPerHour: number;
  limiter?: Bottleneck;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS with an ESM-style typing; under NodeNext its default import is the function.
const robotsParser = robotsParserModule as unknown as (url: string, robotsTxt: string) => Robots;

/** Reads LEGO.com pages politely: robots.txt first, one page at a time, at the configured rate. */
export class LegoClient {
  private readonly http: HttpClient;
  private robots: Promise<Robots> | undefined;

  constructor(private readonly opts: LegoClientOptions) {
    this.http = new HttpClient({
      source: LEGO.name,
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      limiter:
        opts.limiter ??
        createLimiter({ maxConcurrent: 1, minTimeMs: Math.ceil(3_600_000 / Math.max(1, opts.pagesPerHour)) }),
      retry: opts.retry,
      log: opts.log,
    });
  }

  get calls(): number {
    return this.http.attempts;
  }

  /** Whether robots.txt lets us fetch `path`. No robots.txt (404) means everything is allowed. */
  async allowed(path: string, signal?: AbortSignal): Promise<boolean> {
    this.robots ??= this.loadRobots(signal);
    const robots = await this.robots;
    return robots.isAllowed(new URL(path, this.origin()).toString(), LEGO.userAgent) !== false;
  }

  async page(path: string, signal?: AbortSignal): Promise<string> {
    return this.http.text({ path, signal, headers: () => ({ 'user-agent': LEGO.userAgent }) });
  }

  private async loadRobots(signal?: AbortSignal): Promise<Robots> {
    const url = new URL('/robots.txt', this.origin()).toString();
    try {
      const text = await this.http.text({
        path: '/robots.txt',
        signal,
        headers: () => ({ 'user-agent': LEGO.userAgent }),
      });
      return robotsParser(url, text);
    } catch (err) {
      if (err instanceof SourceError && err.status === 404) return robotsParser(url, '');
      // Unknown rules: fetch nothing rather than risk crawling what the site forbids.
      this.robots = undefined;
      throw err;
    }
  }

  private origin(): string {
    return new URL(this.opts.baseUrl).origin;
  }
}
