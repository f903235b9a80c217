/**
 * Body of one matcher pool worker (see pool.ts): builds its own catalogue index from the rows it
 * was started with, says it is ready, then answers match requests one at a time. A matcher error
 * is sent back with the request's id; only a crash ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMatcher } from './matcher.js';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './pool-protocol.js';

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs only as a worker thread (see createMatcherPool)');

const data = workerData as PoolWorkerData;
const started = performance.now();
const matcher = await createMatcher(data.catalogue, data.options);
if (data.failOn === 'start') throw new Error('test: this worker fails while starting');
port.postMessage({
  type: 'ready',
  buildMs: performance.now() - started,
  size: matcher.size,
} satisfies PoolResponse);

port.on('message', (request: PoolRequest) => {
  if (data.failOn === '*' || (data.failOn !== undefined && request.titles.includes(data.failOn)))
    process.exit(3);
  let response: PoolResponse;
  try {
    response = { type: 'results', results: request.titles.map((t) => matcher.matchOne(t)) };
  } catch (err) {
    response = { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(response);
});
