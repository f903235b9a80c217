import type { Server } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { commands } from '../commands/index.js';
import { startConsole } from './adapters/console/index.js';
import { type DiscordAdapter, startDiscord } from './adapters/discord/index.js';
import { type SlackHandle, startSlack } from './adapters/slack/index.js';
import { evaluateAlertsAfterPriceJobs } from './alerts/chain.js';
import type { Config } from './config.js';
import { createDispatcher } from './core/dispatch.js';
import { createDepsFactory } from './create-deps.js';
import { migrateUp } from './db/migrations.js';
import { type Database, openDatabase } from './db/orm.js';
import { hasDemoData, loadDemoData } from './demo/load-demo.js';
import { HEALTH_PATH, healthHandler, healthReport, serverPort, startHealthServer } from './http/health.js';
import { createScheduler } from './jobs/scheduler.js';
import { type NotifierPlatforms, startNotifier } from './notifier/start.js';

export interface AppOptions {
  config: Config;
  log: Logger;
  /** The console chat's streams when no chat platform is configured (default: the terminal). */
  console?: { input: Readable; output: Writable };
  now?: () => Date;
}

export interface AppHandle {
  /** 'console' without platform tokens (the first run), 'service' with them. */
  mode: 'console' | 'service';
  /** The port /healthz answers on, or null when it could not bind. */
  port: number | null;
  demoData: boolean;
  /** Settles when the app ends by itself (the console user typed exit); a service runs until stop(). */
  finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> database (embedded when DATABASE_URL is unset) -> migrations ->
 * first-run data -> dispatcher -> adapters -> scheduler, and the reverse on stop. Without platform
 * tokens it is the first-run experience: sample catalogue, demo prices and the console chat.
 */
export async function startApp(opts: AppOptions): Promise<AppHandle> {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const mode = config.discord || config.slack ? 'service' : 'console';
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => log.error({ err }, 'error while shutting down'));
    }
  };

  try {
    const db: Database = await openDatabase(config);
    stops.push(() => db.close());
    const applied = await migrateUp(db.orm, { retention: config.priceRetention });
    if (applied.length > 0) log.info({ applied }, 'database migrated');

    const em = db.orm.em.fork();
    if (mode === 'console') {
      const demo = await loadDemoData(em, now());
      if (demo.catalogImported > 0 || demo.listingsInserted > 0)
        log.info(demo, 'loaded the bundled demo data');
    }
    const demoData = await hasDemoData(em);
    const dispatcher = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, {
        demoData,
        minConfidence: config.matchConfidenceThreshold,
        now,
        alertsPerUser: config.alerting.alertsPerUser,
      }),
      log,
    });

    const states: Record<string, () => string> = { console: () => (mode === 'console' ? 'running' : 'off') };
    const health = healthHandler(() =>
      healthReport(
        db.orm,
        () => Object.fromEntries(Object.entries(states).map(([k, f]) => [k, f()])),
        demoData,
      ),
    );

    // The chat senders the notifier delivers alerts and digests through.
    const notifierPlatforms: NotifierPlatforms = {};
    let slack: SlackHandle | undefined;
    if (config.slack) {
      // Bolt's receiver owns the HTTP port; /healthz is a route on the same server.
      slack = await startSlack({
        config,
        dispatcher,
        log,
        routes: [{ path: HEALTH_PATH, method: ['GET'], handler: health }],
      });
      stops.push(() => (slack as SlackHandle).stop());
      states.slack = () => (slack as SlackHandle).state().status;
      notifierPlatforms.slack = slack;
    }
    let port: number | null = slack?.port ?? null;
    if (!slack) {
      const server = await startHealthServer(config.httpPort, health).catch((err: NodeJS.ErrnoException) => {
        log.warn(
          { port: config.httpPort, code: err.code },
          'could not serve /healthz on this port; carrying on without it',
        );
        return undefined;
      });
      if (server) {
        stops.push(() => new Promise<void>((resolve) => (server as Server).close(() => resolve())));
        port = serverPort(server);
      }
    }

    if (config.discord) {
      const discord: DiscordAdapter = await startDiscord({ config: config.discord, dispatcher, log });
      stops.push(() => discord.stop());
      states.discord = () => discord.state();
      notifierPlatforms.discord = discord;
    }

    // Delivers the outbox (alerts, digests); stops before the adapters it sends through.
    const notifier = await startNotifier({
      orm: db.orm,
      config,
      log,
      platforms: mode === 'console' ? { console: opts.console?.output ?? process.stdout } : notifierPlatforms,
    });
    stops.push(() => notifier.stop());
    states.notifier = () => 'running';

    if (mode === 'service') {
      // Prices changed: evaluate alerts now rather than at the next scheduled run.
      const afterPriceJobs = evaluateAlertsAfterPriceJobs(
        { run: (name) => scheduler.run(name), isRunning: (name) => scheduler.workers.has(name) },
        log,
      );
      const scheduler = createScheduler({ config, log, onResult: afterPriceJobs });
      await scheduler.start();
      stops.push(() => scheduler.stop());
      states.scheduler = () => 'running';
    }

    log.info({ mode, port, demoData }, 'minifig-stonks started');
    const finished =
      mode === 'console'
        ? startConsole({
            orm: db.orm,
            demoData,
            minConfidence: config.matchConfidenceThreshold,
            input: opts.console?.input,
            output: opts.console?.output,
          })
        : new Promise<void>(() => {});
    return { mode, port, demoData, finished, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
