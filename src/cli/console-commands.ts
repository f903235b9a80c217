import type { Command } from 'commander';
import { defaultChartDir, startConsole } from '../adapters/console/index.js';
import { loadConfig } from '../config.js';
import { hasDemoData } from '../demo/load-demo.js';
import { withDatabase } from './with-database.js';

export function registerConsoleCommands(program: Command, _print: (text: string) => void): void {
  program
    .command('console')
    .description('Chat in this terminal: the same commands as Discord and Slack, printed as plain text')
    .option('--chart-dir <dir>', 'where history charts are written', defaultChartDir())
    .addHelpText(
      'after',
      '\nType a command per line, e.g. `price sw0002 used`, `history sw0002 90`, `search boba fett`; `help` lists them.' +
        '\nReplies are labelled "demo data" while the database holds the bundled demo prices.',
    )
    .action((opts: { chartDir: string }) =>
      withDatabase(async (orm) => {
        const config = loadConfig();
        await startConsole({
          orm,
          chartDir: opts.chartDir,
          demoData: await hasDemoData(orm.em.fork()),
          minConfidence: config.matchConfidenceThreshold,
        });
      }),
    );
}
