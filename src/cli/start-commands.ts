import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { log } from '../log.js';
import { startApp } from '../main.js';

export function registerStartCommands(program: Command, print: (text: string) => void): void {
  program
    .command('start')
    .description('Run minifig-stonks: chat adapters and scheduled jobs, or the console chat on a first run')
    .addHelpText(
      'after',
      [
        '',
        'Without DISCORD_TOKEN/DISCORD_APPLICATION_ID or SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET this is the first-run',
        'experience: an embedded PostgreSQL (unless DATABASE_URL is set), the bundled sample catalogue and demo',
        'prices, and a console chat. With tokens it starts Discord and/or Slack and the job scheduler.',
        'GET /healthz on PORT reports the database and each part. Ctrl-C shuts everything down cleanly.',
      ].join('\n'),
    )
    .action(async () => {
      const app = await startApp({ config: loadConfig(), log });
      const signalled = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('Ctrl-C'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      if (app.mode === 'service') {
        const health = app.port ? `; health at http://localhost:${app.port}/healthz` : '';
        print(`minifig-stonks is running${health}. Ctrl-C stops it.`);
      }
      const why = await Promise.race([app.finished.then(() => null), signalled]);
      if (why) print(`\nShutting down (${why})...`);
      await app.stop();
    });
}
