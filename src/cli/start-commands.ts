import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { log } from '../log.js';
import { startApp } from '../main.js';
import { clusterWorkerIndex, runCluster, type WorkerReady, workerConfig } from './cluster.js';
import { routeLogsAwayFromConsole } from './console-logging.js';
import { onStopSignals } from './stop-signals.js';

const MAX_WORKERS = 64;

function workerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new InvalidArgumentError(`give a whole number of workers from 1 to ${MAX_WORKERS}`);
  }
  return n;
}

export function registerStartCommands(program: Command, print: (text: string) => void): void {
  program
    .command('start')
    .description(
      'Run minifig-stonks: the scheduled jobs, the alert notifier, /healthz, and Discord/Slack when configured',
    )
    .option('--console', 'open the console chat even when stdin is not a terminal')
    .option('--no-console', 'never open the console chat')
    .option(
      '--workers <n>',
      'serve Slack and Discord HTTP from n processes (node:cluster) to use n cores; the jobs and the notifier stay single through their locks',
      workerCount,
      1,
    )
    .addHelpText(
      'after',
      [
        '',
        'The jobs, the notifier and GET /healthz on PORT always run; Discord and Slack run when their tokens are set.',
        'The console chat opens in an interactive terminal when neither Discord nor Slack is configured.',
        'Without DATABASE_URL an embedded PostgreSQL starts under DATA_DIR, and on its first start the bundled',
        'sample catalogue and 90 days of demo prices are loaded (replies say DEMO DATA until real prices arrive).',
        'With --workers n (n > 1) a primary process migrates the database, then runs the service in n worker',
        'processes that share PORT; only the first holds a Discord gateway session. The console chat is off then.',
        'Ctrl-C shuts everything down cleanly.',
      ].join('\n'),
    )
    .action(async (opts: { console?: boolean; workers: number }) => {
      const worker = clusterWorkerIndex();
      // The first signal shuts down in order; a second one, while that runs, exits at once (the
      // embedded PostgreSQL is still told to stop, on the way out). A worker of --workers gets
      // Ctrl-C from the terminal and then the primary's SIGTERM: it finishes its shutdown instead.
      const signalled = new Promise<string>((resolve) => {
        onStopSignals(
          (signal) => resolve(signal === 'SIGINT' ? 'Ctrl-C' : signal),
          worker === undefined
            ? () => {
                print('Stopping at once.');
                process.exit(130);
              }
            : undefined,
        );
      });
      if (opts.workers > 1 && worker === undefined) {
        if (opts.console === true) throw new InvalidArgumentError('--console cannot be used with --workers');
        await runCluster({ config: loadConfig(), workers: opts.workers, print, stopped: signalled });
        return;
      }
      const config = worker === undefined ? loadConfig() : workerConfig(loadConfig(), worker);
      const platforms = Boolean(config.discord || config.slack);
      const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      // --console / --no-console decide; otherwise a terminal without chat platforms gets the console.
      const withConsole = worker === undefined && (opts.console ?? (terminal && !platforms));
      const started = Date.now();
      const logFile = withConsole ? routeLogsAwayFromConsole(config, print) : undefined;
      const app = await startApp({
        config,
        log,
        console: withConsole ? {} : undefined,
        workerLogFile: logFile,
        progress: withConsole ? (step) => print(`${step}...`) : undefined,
        onReady: ({ port }) => {
          if (worker !== undefined) {
            process.send?.({ type: 'minifig:ready', port } satisfies WorkerReady);
            return;
          }
          const health = port ? `; health at http://localhost:${port}/healthz` : '';
          print(
            withConsole
              ? `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s${health}.\n`
              : `minifig-stonks is running${health}. Ctrl-C stops it.`,
          );
        },
      });
      const why = await Promise.race([app.finished.then(() => null), signalled]);
      if (why) print(`\nShutting down (${why})...`);
      await app.stop();
    });
}
