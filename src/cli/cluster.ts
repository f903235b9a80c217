import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import { migrateUp } from '../db/migrations.js';
import { openDatabase } from '../db/orm.js';
import { loadDemo } from '../demo/load-demo.js';
import { log } from '../log.js';

/** What a worker tells the primary once its app runs. */
export interface WorkerReady {
  type: 'minifig:ready';
  port: number | null;
}

/** This process's place in a `start --workers N` cluster: its index, or undefined outside one. */
export function clusterWorkerIndex(): number | undefined {
  const index = process.env.MINIFIG_WORKER_INDEX;
  return cluster.isWorker && index !== undefined ? Number(index) : undefined;
}

/**
 * A worker's share of the configuration. Every worker serves the HTTP port (node:cluster hands
 * each connection to one of them) and runs the scheduler and the notifier, which stay single
 * through their locks and claims. A Discord gateway session cannot be shared: only the first
 * worker holds it (Discord over HTTP is served by all).
 */
export function workerConfig(config: Config, index: number): Config {
  if (index === 0 || !config.discord || config.discord.mode === 'http') return config;
  return { ...config, discord: undefined };
}

/**
 * `minifig start --workers N`: the primary prepares the database once (migrations, the first-run
 * demo), then keeps N workers running the service, starting a new one when one dies, until
 * `stopped` settles; then it stops them and, last, the embedded PostgreSQL it started.
 */
export async function runCluster(opts: {
  config: Config;
  workers: number;
  print: (text: string) => void;
  stopped: Promise<string>;
}): Promise<void> {
  const { config, workers, print } = opts;
  print(`Preparing the database for ${workers} workers...`);
  const db = await openDatabase(config);
  try {
    await migrateUp(db.orm, { retention: config.priceRetention });
    if (!config.databaseUrl) await loadDemo(db.orm, { config, log, now: new Date() });
  } finally {
    await db.orm.close(true);
  }

  let stopping = false;
  const ready = new Map<number, number | null>();
  const fork = (index: number): Worker => {
    const worker = cluster.fork({ MINIFIG_WORKER_INDEX: String(index) });
    worker.on('message', (message: WorkerReady) => {
      if (message?.type !== 'minifig:ready') return;
      ready.set(index, message.port);
      if (ready.size === workers) {
        const port = [...ready.values()].find((p) => p !== null);
        const health = port ? `; health at http://localhost:${port}/healthz` : '';
        print(`minifig-stonks is running in ${workers} workers${health}. Ctrl-C stops it.`);
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ worker: index, code, signal }, 'a worker stopped; starting another');
      fork(index);
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork(i);

  const why = await opts.stopped;
  stopping = true;
  print(`\nShutting down ${workers} workers (${why})...`);
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    running.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
    ),
  );
  await db.server.stop();
}
