import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/core/errors.js';
import { createLimiter, HttpClient, parseRetryAfter, type RetryPolicy } from '../../src/sources/http.js';
import { FakeServer } from '../support/fakes/fake-server.js';

const FAST_RETRY: Partial<RetryPolicy> = { retries: 3, minBackoffMs: 1, maxBackoffMs: 5 };

let inFlight = 0;
let maxInFlight = 0;
const fake = new FakeServer(async (req) => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  if (req.url.pathname.endsWith('/slow')) await new Promise((r) => setTimeout(r, 20));
  inFlight--;
  if (req.url.pathname.endsWith('/missing')) return { status: 404, body: '{"error":"not found"}' };
  return { status: 200, body: JSON.stringify({ path: req.url.pathname, query: req.url.search }) };
});

function client(opts: { timeoutMs?: number; retry?: Partial<RetryPolicy>; maxConcurrent?: number } = {}) {
  return new HttpClient({
    source: 'Test',
    baseUrl: `${fake.url}/api/`,
    timeoutMs: opts.timeoutMs ?? 2000,
    limiter: createLimiter({ maxConcurrent: opts.maxConcurrent ?? 4, minTimeMs: 0 }),
    retry: { ...FAST_RETRY, ...opts.retry },
  });
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

beforeAll(() => fake.start());
afterAll(() => fake.close());
afterEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
});

describe('HttpClient', () => {
  it('joins the base URL and path and encodes the query the RFC 3986 way', async () => {
    const body = await client().json<{ path: string; query: string }>({
      path: '/items/x',
      query: { q: "lego star wars (minifig) it's", limit: 50, skipped: undefined },
    });
    expect(body.path).toBe('/api/items/x');
    expect(body.query).toBe('?q=lego%20star%20wars%20%28minifig%29%20it%27s&limit=50');
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    fake.inject({ kind: '500' }, { times: 2 });
    const http = client();
    await expect(http.json({ path: '/ok' })).resolves.toEqual({ path: '/api/ok', query: '' });
    expect(fake.requests).toHaveLength(3);
    expect(http.attempts).toBe(3);
  });

  it('gives up on a persistent 500 after the configured retries, with a retryable error', async () => {
    fake.inject({ kind: '500' }, { times: Number.POSITIVE_INFINITY });
    const err = await failure(client().json({ path: '/ok' }));
    expect(fake.requests).toHaveLength(4);
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/Test GET \/ok: HTTP 500 .*gave up after 4 attempts/);
  });

  it('does not retry a 4xx other than 429', async () => {
    const err = await failure(client().json({ path: '/missing' }));
    expect(fake.requests).toHaveLength(1);
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(404);
    expect(err.message).toContain('HTTP 404 {"error":"not found"}');
  });

  it('waits the Retry-After seconds of a 429 before trying again', async () => {
    fake.inject({ kind: '429', retryAfter: '1' });
    await expect(client().json({ path: '/ok' })).resolves.toBeTruthy();
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map((r) => r.at);
    // The backoff alone is at most 5 ms here: only Retry-After explains a pause of a second.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('understands Retry-After as an HTTP date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    fake.inject({ kind: '429', retryAfter: at.toUTCString() });
    await expect(client().json({ path: '/ok' })).resolves.toBeTruthy();
    expect(fake.requests[1]?.at).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('does not sleep through a Retry-After longer than it is willing to wait', async () => {
    fake.inject({ kind: '429', retryAfter: '3600' });
    const err = await failure(client({ retry: { maxRetryAfterMs: 60_000 } }).json({ path: '/ok' }));
    expect(fake.requests).toHaveLength(1);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('rate limited, HTTP 429 (Retry-After 3600 s)');
  });

  it('times out a request that hangs, and retries it', async () => {
    fake.inject({ kind: 'hang' });
    const http = client({ timeoutMs: 500 });
    await expect(http.json({ path: '/ok' })).resolves.toBeTruthy();
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a timeout clearly when every attempt hangs', async () => {
    fake.inject({ kind: 'hang' }, { times: Number.POSITIVE_INFINITY });
    const err = await failure(client({ timeoutMs: 150, retry: { retries: 1 } }).json({ path: '/ok' }));
    expect(err.message).toMatch(/no complete answer within 150 ms \(gave up after 2 attempts\)/);
    expect(err.retryable).toBe(true);
  });

  it('raises a clear SourceError for truncated JSON and garbage', async () => {
    fake.inject({ kind: 'truncated' }, { times: Number.POSITIVE_INFINITY });
    const truncated = await failure(client({ retry: { retries: 0 } }).json({ path: '/ok' }));
    expect(truncated.message).toMatch(/not valid JSON \(truncated or garbage, \d+ characters, starting "\{/);
    fake.clearFaults();
    fake.inject({ kind: 'garbage' }, { times: Number.POSITIVE_INFINITY });
    const garbage = await failure(client({ retry: { retries: 0 } }).json({ path: '/ok' }));
    expect(garbage.message).toContain('starting "<html><body>Bad Gateway');
  });

  it('retries truncated JSON, which is usually a connection cut mid-answer', async () => {
    fake.inject({ kind: 'truncated' });
    await expect(client().json({ path: '/ok' })).resolves.toEqual({ path: '/api/ok', query: '' });
  });

  it('retries network errors', async () => {
    const port = await closedPort();
    const http = new HttpClient({
      source: 'Test',
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 1000,
      limiter: createLimiter({ maxConcurrent: 1, minTimeMs: 0 }),
      retry: { retries: 2, minBackoffMs: 1, maxBackoffMs: 2 },
    });
    const err = await failure(http.json({ path: '/ok' }));
    expect(http.attempts).toBe(3);
    expect(err.message).toContain('network error (ECONNREFUSED)');
  });

  it('retries when the body check reports a transient upstream error, and not otherwise', async () => {
    let calls = 0;
    const check = () => {
      calls++;
      if (calls === 1) throw new SourceError('busy inside 200', { retryable: true });
    };
    await expect(client().json({ path: '/ok', check })).resolves.toBeTruthy();
    expect(fake.requests).toHaveLength(2);

    const fatal = () => {
      throw new SourceError('bad token inside 200', { retryable: false, status: 401 });
    };
    const err = await failure(client().json({ path: '/ok', check: fatal }));
    expect(err.message).toBe('bad token inside 200');
    expect(fake.requests).toHaveLength(3);
  });

  it('builds the headers afresh for every attempt', async () => {
    fake.inject({ kind: '500' });
    let n = 0;
    await client().json({ path: '/ok', headers: () => ({ 'x-attempt': String(++n) }) });
    expect(fake.requests.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    fake.inject({ kind: 'hang' }, { times: Number.POSITIVE_INFINITY });
    const controller = new AbortController();
    const pending = client({ timeoutMs: 5000 }).json({ path: '/ok', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    await expect(pending).rejects.toThrow('stop now');
    expect(fake.requests).toHaveLength(1);
  });

  it('sends every request through the rate limiter', async () => {
    maxInFlight = 0;
    const http = client({ maxConcurrent: 1 });
    await Promise.all(Array.from({ length: 5 }, () => http.json({ path: '/slow' })));
    expect(fake.requests).toHaveLength(5);
    expect(maxInFlight).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads delay-seconds and HTTP dates, and ignores anything else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
