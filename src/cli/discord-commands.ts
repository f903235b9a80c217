import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import type { AnyCommand } from '../core/command.js';
import { UserError } from '../core/errors.js';

export function registerDiscordCommands(
  program: Command,
  print: (text: string) => void,
  chatCommands?: readonly AnyCommand[],
): void {
  const discord = program.command('discord').description('Set up the Discord bot');

  discord
    .command('register')
    .description('Register the slash commands with Discord, replacing those registered before')
    .option('--guild <id>', 'register in this server only (shows at once; handy for testing)', snowflake)
    .addHelpText(
      'after',
      '\nNeeds DISCORD_TOKEN and DISCORD_APPLICATION_ID (DISCORD_API_URL to use another API base).' +
        '\nWithout --guild the commands are registered for every server the bot is in.',
    )
    .action(async (opts: { guild?: string }) => {
      const config = loadConfig().discord;
      if (!config) {
        throw new UserError('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the Discord commands.');
      }
      // Loaded here, not at the top: discord.js takes a while to import and other commands do not need it.
      const { DiscordAPIError } = await import('discord.js');
      const { createRest } = await import('../adapters/discord/client.js');
      const { registerCommands } = await import('../adapters/discord/register.js');
      const commands = chatCommands ?? (await import('../../commands/index.js')).commands;
      let registered: { name: string }[];
      try {
        registered = await registerCommands(createRest(config), config.applicationId, commands, {
          ...(opts.guild ? { guildId: opts.guild } : {}),
        });
      } catch (err) {
        if (err instanceof DiscordAPIError) {
          const hint =
            err.status === 401 ? ' Check DISCORD_TOKEN.' : err.status === 403 ? ' Check the ids.' : '';
          throw new UserError(`Discord refused the registration (${err.status}: ${err.message}).${hint}`);
        }
        throw err;
      }
      const where = opts.guild ? `in server ${opts.guild}` : 'globally';
      print(
        `Registered ${registered.length} commands ${where}: ${registered.map((c) => `/${c.name}`).join(', ')}`,
      );
    });
}

function snowflake(value: string): string {
  if (!/^\d{15,21}$/.test(value)) throw new InvalidArgumentError('must be a numeric Discord id.');
  return value;
}
