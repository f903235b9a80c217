import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { type ConsoleStreams, startConsole } from './adapters/console/index.js';
import { createInteractionsEndpoint, DISCORD_INTERACTIONS_PATH } from './adapters/discord/http/endpoint.js';
import { sendMessage, startDiscord } from './adapters/discord/index.js';
import {
  PostgresInstallationStore,
  type SlackHandle,
  startSlack,
  uninstallWorkspace,
} from './adapters/slack/index.js';
import { refreshIfNeverRefreshed } from './analytics/first-refresh.js';
import { appDispatcher } from './app-dispatcher.js';
import { startChatReadCache } from './cache/until-changed.js';
import type { Config } from './config.js';
import { migrateUp } from './db/migrations.js';
import { type Database, openDatabase, ormOptions } from './db/orm.js';
import { writeAppState } from './db/repositories/app-state.js';
import { watchDemoFlag } from './demo/demo-flag.js';
import { loadDemo } from './demo/load-demo.js';
import { HEALTH_PATH, healthHandler, healthReport, serverPort } from './http/health.js';
import { type HttpRoute, startHttpServer } from './http/server.js';
import { startFollowUps } from './jobs/follow-ups.js';
import { claimJobSlot } from './jobs/job-slots.js';
import { createScheduler } from './jobs/scheduler.js';
import { type NotifierPlatforms, startNotifier } from './notifier/start.js';

export interface AppOptions {
  config: Config;
  log: Logger;
  /** Open the console chat on these streams (the terminal on a first run); omit for service only. */
  console?: ConsoleStreams & { chartDir?: string };
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
 * first-run demo (embedded database only) -> dispatcher -> adapters -> notifier -> scheduler, and
 * the reverse on stop. The jobs, the notifier and /healthz always run; Discord and Slack when
 * configured; the console chat when asked for.
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

    // The chat senders the notifier delivers alerts and digests through.
    const notifierPlatforms: NotifierPlatforms = {};
    const routes: HttpRoute[] = [{ path: HEALTH_PATH, method: ['GET'], handler: health }];

    // Discord over HTTP answers on the shared port; it must be routed before the server starts.
    const discordConfig = config.discord;
    if (discordConfig?.mode === 'http') {
      const endpoint = createInteractionsEndpoint({
        config: { ...discordConfig, publicKey: discordConfig.publicKey ?? '' },
        dispatcher,
        log,
      });
      routes.push({ path: DISCORD_INTERACTIONS_PATH, method: ['POST'], handler: endpoint.handler });
      stops.push(() => endpoint.stop());
      states.discord = () => 'http';
      notifierPlatforms.discord = {
        sendMessage: (target, reply, sendOpts) => sendMessage(endpoint.rest, target, reply, sendOpts),
      };
    }

    let slack: SlackHandle | undefined;
    if (config.slack) {
      // Bolt's receiver owns the HTTP port; our routes (/healthz, Discord) are custom routes on it.
      const oauth = config.slack.oauth;
      slack = await startSlack({
        config,
        dispatcher,
        log,
        routes,
        ...(oauth
          ? {
              installationStore: new PostgresInstallationStore(db.orm, oauth.tokenKey),
              onUninstall: (workspace) => uninstallWorkspace(db.orm, log, workspace),
            }
          : {}),
      });
      const handle = slack;
      stops.push(() => handle.stop());
      states.slack = () => handle.state().status;
      notifierPlatforms.slack = handle;
    }
    let port: number | null = slack?.port ?? null;
    if (!slack) {
      const server = await startHttpServer(config.httpPort, routes).catch((err: NodeJS.ErrnoException) => {
        // Discord over HTTP is useless without its endpoint; /healthz alone is not worth failing for.
        if (discordConfig?.mode === 'http') throw err;
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

    if (discordConfig && discordConfig.mode !== 'http') {
      const discord = await startDiscord({ config: discordConfig, dispatcher, log });
      stops.push(() => discord.stop());
      states.discord = () => discord.state();
      notifierPlatforms.discord = discord;
    }
    if (opts.console) notifierPlatforms.console = opts.console.output ?? process.stdout;

    // Delivers the outbox (alerts, digests); stops before the adapters it sends through.
    const notifier = await startNotifier({ orm: db.orm, config, log, platforms: notifierPlatforms });
    const stopNotifier = () => notifier.stop();
    stops.push(stopNotifier);
    states.notifier = () => 'running';

    // Replicas share one database: each scheduled run goes to the first instance that claims it.
    const scheduler = createScheduler({
      config,
      log,
      logFile: opts.workerLogFile,
      claimSlot: (job, slot) => claimJobSlot(db.orm, { job, slot, host: hostname(), pid: process.pid }),
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
    let finished: Promise<void> = new Promise<void>(() => {});
    if (opts.console) {
      states.console = () => 'running';
      finished = startConsole({
        dispatcher,
        demoData: demo.active,
        streams: opts.console,
        chartDir: opts.console.chartDir,
      });
    }
    return { port, demoData: demo.active(), finished, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
