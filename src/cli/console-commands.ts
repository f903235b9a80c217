import type { Command } from 'commander';
import { defaultChartDir, startConsole } from '../adapters/console/index.js';
import { appDispatcher } from '../app-dispatcher.js';
import { loadConfig } from '../config.js';
import { watchDemoFlag } from '../demo/demo-flag.js';
import { log } from '../log.js';
import { routeLogsAwayFromConsole } from './console-logging.js';
import { withDatabase } from './with-database.js';

export function registerConsoleCommands(program: Command, print: (text: string) => void): void {
  program
    .command('console')
    .description('Chat in this terminal: the same commands as Discord and Slack, printed as plain text')
    .option('--chart-dir <dir>', 'where history charts are written', defaultChartDir())
    .addHelpText(
      'after',
      '\nType a command per line, e.g. `price sw0002 used`, `history sw0002 90`, `search boba fett`; `help` lists them.' +
        '\nReplies are labelled "demo data" while the database holds the bundled demo prices.' +
        '\nNo jobs run here: `npx minifig start` runs the service (and opens this chat in a terminal).',
    )
    .action((opts: { chartDir: string }) => {
      const config = loadConfig();
      routeLogsAwayFromConsole(config, print);
      return withDatabase(async (orm) => {
        const demo = await watchDemoFlag(orm, log);
        try {
          await startConsole({
            dispatcher: appDispatcher(orm, config, log, { demoData: demo.active }),
            demoData: demo.active,
            chartDir: opts.chartDir,
          });
        } finally {
          demo.stop();
        }
      });
    });
}
