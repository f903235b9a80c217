import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChartRenderer } from '../deps.js';
import { chartRenderer } from './renderer.js';

export interface ChartJob {
  id: number;
  kind: string;
  input: unknown;
}

export type ChartResult =
  | { id: number; png: Uint8Array; error?: undefined }
  | { id: number; png?: undefined; error: string };

const SHIM = new URL('../workers/ts-worker-shim.mjs', import.meta.url);
const BODY = new URL('./chart-worker.ts', import.meta.url).href;

/**
 * The chart renderer on worker threads. Drawing a chart is tens of milliseconds of synchronous
 * CPU; on the main thread it holds up every other request behind it, the acks to Slack and
 * Discord included. Here the main thread only posts the input and receives the PNG, and on a
 * machine with more cores the charts use them. Threads start on first use and do not keep the
 * process alive; one that dies fails only the charts it was drawing and is replaced.
 */
export function chartThreads(count = Math.max(1, Math.min(2, availableParallelism() - 1))): ChartRenderer {
  const threads: (Worker | undefined)[] = Array.from({ length: count }, () => undefined);
  const pending = new Map<
    number,
    { resolve(png: Uint8Array): void; reject(err: Error): void; thread: number }
  >();
  let nextId = 0;

  const start = (n: number): Worker => {
    const worker = new Worker(SHIM, { workerData: { entry: BODY } });
    worker.on('message', (result: ChartResult) => {
      const job = pending.get(result.id);
      if (!job) return;
      pending.delete(result.id);
      idle(n);
      if (result.png) job.resolve(result.png);
      else job.reject(new Error(`the chart could not be drawn: ${result.error}`));
    });
    const lost = (why: string) => {
      threads[n] = undefined;
      for (const [id, job] of pending) {
        if (job.thread !== n) continue;
        pending.delete(id);
        job.reject(new Error(`chart thread ${n + 1} ${why}`));
      }
    };
    worker.on('error', (err) => lost(`failed: ${err.message}`));
    worker.on('exit', (code) => lost(`exited (code ${code})`));
    // Unreferenced last: adding the listeners above references the thread again.
    worker.unref();
    threads[n] = worker;
    return worker;
  };
  // A thread keeps the process alive only while it draws: a pending chart is awaited, an idle
  // thread is not a reason to stay (a benchmark or a CLI command ends when its work does).
  const idle = (n: number) => {
    if (![...pending.values()].some((job) => job.thread === n)) threads[n]?.unref();
  };

  const draw = (kind: string) => (input: unknown) => {
    const id = nextId++;
    const n = id % count;
    const worker = threads[n] ?? start(n);
    worker.ref();
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject, thread: n });
      worker.postMessage({ id, kind, input } satisfies ChartJob);
    });
  };
  return Object.fromEntries(
    Object.keys(chartRenderer).map((kind) => [kind, draw(kind)]),
  ) as unknown as ChartRenderer;
}
