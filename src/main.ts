import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ChatPlatform, PlatformContext, RunningPlatform, TerminalOptions } from './adapters/platform.js';
import { CHAT_PLATFORMS } from './adapters/platforms.js';
import { refreshIfNeverRefreshed } from './analytics/first-refresh.js';
import { appDispatcher } from './app-dispatcher.js';
import { startChatReadCache } from './cache/until-changed.js';
import type { Config } from './config.js';
import { migrateUp } from './db/migrations.js';
import { type Database, openDatabase, ormOptions } from './db/orm.js';
import { writeAppState } from './db/repositories/app-state.js';
import { registerPlatforms } from './db/repositories/chat-platforms.js';
import { watchDemoFlag } from './demo/demo-flag.js';
import { loadDemo } from './demo/load-demo.js';
import { HEALTH_PATH, healthHandler, healthReport, serverPort } from './http/health.js';
import { type HttpRoute, startHttpServer } from './http/server.js';
import { startFollowUps } from './jobs/follow-ups.js';
import { idleReason } from './jobs/idle-checks.js';
import { claimJobSlot } from './jobs/job-slots.js';
import { createScheduler } from './jobs/scheduler.js';
import { startNotifier } from './notifier/start.js';

export interface AppOptions {
  config: Config;
  log: Logger;
  /** Open the console chat on these streams (the terminal on a first run); omit for service only. */
  console?: TerminalOptions;
  /** The chat platforms this app knows (default CHAT_PLATFORMS); those configured are started. */
  platforms?: readonly ChatPlatform[];
  /** One line per start-up step, for a person watching ("Migrating the database"). */
  progress?: (step: string) => void;
  /** Called once everything runs, just before the console chat (if any) opens. */
  onReady?: (info: { port: number | null; demoData: boolean }) => void;
  /** Worker threads log here instead of stderr (set while the console owns the terminal). */
  workerLogFile?: string;
  now?: () => Date;
}

export interface AppHandle {
  /** The port /healthz answers on, or null when it could not bind. */
  port: number | null;
  /** Whether the bundled demo prices were in use when the app started. */
  demoData: boolean;
  /** Settles when the app ends by itself (the console user typed exit); a service runs until stop(). */
  finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> database (embedded when DATABASE_URL is unset) -> migrations ->
 * first-run demo (embedded database only) -> dispatcher -> chat platforms -> notifier -> scheduler,
 * and the reverse on stop. The jobs, the notifier and /healthz always run; each chat platform
 * (src/adapters/platforms.ts) when it is configured, the console chat when asked for.
 */
export async function startApp(opts: AppOptions): Promise<AppHandle> {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const progress = opts.progress ?? ((step: string) => log.info(step));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => log.error({ err }, 'error while shutting down'));
    }
  };

  try {
    progress(config.databaseUrl ? 'Connecting to PostgreSQL' : 'Starting PostgreSQL');
    const db: Database = await openDatabase(config);
    stops.push(() => db.close());
    progress('Migrating the database');
    const applied = await migrateUp(db.orm, { retention: config.priceRetention });
    if (applied.length > 0) log.info({ applied }, 'database migrated');

    // The demo is the first-run experience of the embedded database; a database the user gave us
    // gets none unless asked (`minifig demo load`).
    if (!config.databaseUrl) await loadDemo(db.orm, { config, log, now: now(), progress });
    await refreshIfNeverRefreshed(db.orm, { config, log, now: now(), progress });
    const demo = await watchDemoFlag(db.orm, log);
    stops.push(async () => demo.stop());

    // Chat reads may go to a read replica; everything that writes stays on the primary.
    let readOrm: MikroORM | undefined;
    if (config.databaseReadUrl) {
      const replica = await MikroORM.init(ormOptions(config.databaseReadUrl, config.dbPoolMax));
      readOrm = replica;
      stops.push(() => replica.close(true));
    }
    // Chat reads kept until a write to their tables is notified (src/cache/until-changed.ts).
    const readCache = await startChatReadCache(db.orm.config.get('clientUrl') as string, log);
    stops.push(() => readCache.stop());
    const dispatcher = appDispatcher(db.orm, config, log, { demoData: demo.active, now, readOrm, readCache });

    const states: Record<string, () => string> = {};
    const health = healthHandler(() =>
      healthReport(db.orm, {
        config,
        components: () => Object.fromEntries(Object.entries(states).map(([k, f]) => [k, f()])),
        demoData: demo.active,
        now,
      }),
    );
    const routes: HttpRoute[] = [{ path: HEALTH_PATH, method: ['GET'], handler: health }];

    // Every platform the app knows may be stored; only the configured ones start.
    const platforms = opts.platforms ?? CHAT_PLATFORMS;
    await registerPlatforms(
      db.orm.em.fork(),
      platforms.map((p) => p.name),
    );
    const context: PlatformContext = {
      config,
      log,
      orm: db.orm,
      dispatcher,
      demoData: demo.active,
      routes,
      terminal: opts.console,
    };
    // Those that serve the HTTP port themselves start last, once the others have added their routes.
    const enabled = platforms
      .filter((p) => p.enabled(context))
      .sort((a, b) => Number(a.servesHttp ?? false) - Number(b.servesHttp ?? false));
    const running = new Map<string, RunningPlatform>();
    for (const platform of enabled) {
      const started = await platform.start(context);
      running.set(platform.name, started);
      stops.push(() => started.stop());
      states[platform.name] = () => started.state();
    }

    const runningList = [...running.values()];
    let port: number | null = runningList.find((p) => p.port !== undefined)?.port ?? null;
    if (port === null) {
      const server = await startHttpServer(config.httpPort, routes).catch((err: NodeJS.ErrnoException) => {
        // A platform that answers over HTTP is useless without its endpoint; /healthz alone is not worth failing for.
        if (runningList.some((p) => p.needsHttp)) throw err;
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

    // Delivers the outbox (alerts, digests); stops before the adapters it sends through.
    const notifier = await startNotifier({ orm: db.orm, config, log, ports: Object.fromEntries(running) });
    const stopNotifier = () => notifier.stop();
    stops.push(stopNotifier);
    states.notifier = () => 'running';

    // Replicas share one database: each scheduled run goes to the first instance that claims it.
    const scheduler = createScheduler({
      config,
      log,
      logFile: opts.workerLogFile,
      claimSlot: (job, slot) => claimJobSlot(db.orm, { job, slot, host: hostname(), pid: process.pid }),
      idleReason: idleReason(db.orm, config, log),
      onResult: startFollowUps(
        {
          run: (name) => scheduler.runUnscheduled(name),
          isRunning: (name) => scheduler.workers.has(name),
        },
        log,
      ),
    });
    await scheduler.start();
    stops.push(() => scheduler.stop());
    // On shutdown the notifier goes first: what it claimed but has not sent goes back to the outbox
    // at once, for the other replicas, instead of waiting for the jobs to wind down.
    stops.splice(stops.indexOf(stopNotifier), 1);
    stops.push(stopNotifier);
    states.scheduler = () => 'running';
    await writeAppState(db.orm.em.fork(), 'scheduler', {
      startedAt: now().toISOString(),
      host: hostname(),
      pid: process.pid,
    });

    log.info({ port, demoData: demo.active() }, 'minifig-stonks started');
    opts.onReady?.({ port, demoData: demo.active() });
    // A platform with a person at the terminal opens now; the app ends when they leave.
    const opened = runningList.flatMap((p) => (p.open ? [p.open()] : []));
    const finished: Promise<void> = opened.length > 0 ? Promise.race(opened) : new Promise<void>(() => {});
    return { port, demoData: demo.active(), finished, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
