/**
 * The body of a chart thread (chart-threads.ts): draws each chart it is sent with the ordinary
 * renderer and hands the PNG back without copying it.
 */
import { parentPort } from 'node:worker_threads';
import type { ChartJob, ChartResult } from './chart-threads.js';
import { chartRenderer } from './renderer.js';

const renderers = chartRenderer as unknown as Record<string, (input: unknown) => Promise<Uint8Array>>;

parentPort?.on('message', async (job: ChartJob) => {
  let result: ChartResult;
  try {
    const draw = renderers[job.kind];
    if (!draw) throw new Error(`no chart called ${job.kind}`);
    const png = await draw(job.input);
    result = { id: job.id, png };
  } catch (err) {
    result = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(result, result.png ? [result.png.buffer as ArrayBuffer] : []);
});
