import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/core/errors.js';
import { EcbFetchError, fetchEcbDaily } from '../../../src/sources/ecb/client.js';
import { ECB_DAILY_XML } from '../../support/ecb-files.js';
import { FakeServer } from '../../support/fakes/fake-server.js';

const xml = readFileSync(ECB_DAILY_XML, 'utf8');

/** A fake ECB: /stats/eurofxref/eurofxref-daily.xml answers the real file; /missing is a 404. */
const ecb = new FakeServer((req) =>
  req.url.pathname === '/stats/eurofxref/eurofxref-daily.xml'
    ? { status: 200, headers: { 'content-type': 'text/xml' }, body: xml }
    : { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' },
);
const daily = () => `${ecb.url}/stats/eurofxref/eurofxref-daily.xml`;
const FAST = { retries: 2, minRetryDelayMs: 1 };

async function failure(promise: Promise<unknown>): Promise<EcbFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EcbFetchError);
  expect(err).toBeInstanceOf(SourceError);
  return err as EcbFetchError;
}

beforeAll(() => ecb.start());
afterAll(() => ecb.close());
afterEach(() => {
  ecb.clearFaults();
  ecb.requests.length = 0;
});

describe('fetchEcbDaily against a fake ECB on 127.0.0.1', () => {
  it('fetches and parses the real daily XML', async () => {
    const days = await fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST });
    expect(days).toHaveLength(1);
    expect(days[0]?.date).toBe('2022-07-08');
    expect(days[0]?.rates.get('USD')).toBe('1.0163');
    expect(ecb.requests).toHaveLength(1);
    expect(ecb.requests[0]?.method).toBe('GET');
  });

  it('retries a 500 and succeeds when ECB recovers', async () => {
    ecb.inject({ kind: '500' }, { times: 2 });
    const days = await fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST });
    expect(days[0]?.rates.size).toBe(31);
    expect(ecb.requests).toHaveLength(3);
  });

  it('gives up on a lasting 500 with a clear, retryable error after every attempt', async () => {
    ecb.inject({ kind: '500' }, { times: Number.POSITIVE_INFINITY });
    const err = await failure(fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST }));
    expect(err.message).toBe(`ECB answered HTTP 500 for ${daily()}`);
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(500);
    expect(ecb.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const err = await failure(fetchEcbDaily({ url: `${ecb.url}/missing`, timeoutMs: 2000, ...FAST }));
    expect(err.message).toMatch(/HTTP 404/);
    expect(err.retryable).toBe(false);
    expect(ecb.requests).toHaveLength(1);
  });

  it('honours Retry-After on a 429', async () => {
    ecb.inject({ kind: '429', retryAfter: '1' });
    const started = Date.now();
    const days = await fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST });
    expect(days[0]?.date).toBe('2022-07-08');
    expect(ecb.requests).toHaveLength(2);
    const gap = (ecb.requests[1]?.at ?? 0) - (ecb.requests[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('reports garbage (an HTML page with status 200) as not the reference-rate XML', async () => {
    ecb.inject({ kind: 'garbage' }, { times: Number.POSITIVE_INFINITY });
    const err = await failure(fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST }));
    expect(err.message).toMatch(/^ECB sent something that is not the reference-rate XML: /);
    expect(ecb.requests).toHaveLength(3);
  });

  it('reports a truncated body the same way, and recovers on the retry', async () => {
    ecb.inject({ kind: 'truncated' });
    const days = await fetchEcbDaily({ url: daily(), timeoutMs: 2000, ...FAST });
    expect(days[0]?.rates.size).toBe(31);
    expect(ecb.requests).toHaveLength(2);
  });

  it('times out a server that never answers', async () => {
    ecb.inject({ kind: 'hang' }, { times: Number.POSITIVE_INFINITY });
    const err = await failure(
      fetchEcbDaily({ url: daily(), timeoutMs: 200, retries: 1, minRetryDelayMs: 1 }),
    );
    expect(err.message).toBe(`ECB did not answer within 200 ms (${daily()})`);
    expect(err.retryable).toBe(true);
    expect(ecb.requests).toHaveLength(2);
  });

  it('reports an unreachable server', async () => {
    const closed = new FakeServer(() => ({ status: 200, body: '' }));
    await closed.start();
    const url = `${closed.url}/x.xml`;
    await closed.close();
    const err = await failure(fetchEcbDaily({ url, timeoutMs: 500, retries: 0 }));
    expect(err.message).toMatch(/^cannot reach ECB at http:\/\/127\.0\.0\.1:\d+\/x\.xml \(ECONNREFUSED\)$/);
  });

  it('stops when the caller cancels', async () => {
    ecb.inject({ kind: 'hang' }, { times: Number.POSITIVE_INFINITY });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job cancelled')), 100);
    await expect(
      fetchEcbDaily({ url: daily(), timeoutMs: 5000, ...FAST, signal: controller.signal }),
    ).rejects.toThrow();
    expect(ecb.requests).toHaveLength(1);
  });
});
