import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { pingDatabase } from '../db/repositories/ping.js';
import { type PipelineStatus, pipelineStatus } from '../status/pipeline-status.js';

export const HEALTH_PATH = '/healthz';

/**
 * What /healthz reports: the database, each part's state in its own words, and the background
 * pipeline (see pipeline-status.ts). 'degraded' when the database is unreachable, a part failed or
 * the pipeline is stuck; the HTTP status is 503 only when the database is unreachable.
 */
export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { reachable: boolean; ms: number };
  components: Record<string, string>;
  demoData: boolean;
  pipeline: PipelineStatus | null;
}

export type ComponentStates = () => Record<string, string>;

/** Pings the database (with a timeout, so a hung server shows as unreachable, not as a hung probe). */
export async function healthReport(
  orm: MikroORM,
  opts: { config: Config; components: ComponentStates; demoData: () => boolean; now: () => Date },
): Promise<HealthReport> {
  const started = performance.now();
  let reachable = false;
  try {
    await withinTwoSeconds(pingDatabase(orm.em.fork()));
    reachable = true;
  } catch {
    reachable = false;
  }
  const ms = Math.round(performance.now() - started);
  const pipeline = reachable
    ? await withinTwoSeconds(pipelineStatus(orm.em.fork(), opts.config, opts.now())).catch(() => null)
    : null;
  const states = opts.components();
  const failed = Object.values(states).some((s) => s === 'failed');
  return {
    status: reachable && !failed && pipeline?.status === 'ok' ? 'ok' : 'degraded',
    database: { reachable, ms },
    components: states,
    demoData: opts.demoData(),
    pipeline,
  };
}

function withinTwoSeconds<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
  ]);
}

/** The request handler, shared by our own server and Bolt's HTTP receiver (as a custom route). */
export function healthHandler(report: () => Promise<HealthReport>) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await report();
    res.writeHead(body.database.reachable ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
