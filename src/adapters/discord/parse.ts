/**
 * Interaction → Invocation, by the same option specs that registered the command. Values stay raw
 * (as Discord delivered them); the dispatcher checks and converts them, so a stale registration
 * (an option renamed since) still gets a clear error instead of a crash.
 */
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  PermissionFlagsBits,
} from 'discord.js';
import type { AnyCommand, Invocation, InvocationContext, RawValue } from '../../core/command.js';
import { findCommand } from '../../core/command.js';
import type { AutocompleteRequest } from '../../core/dispatch.js';

type Options = readonly CommandInteractionOption[];

/** The subcommand (if any) and the options below it. */
function leaf(options: Options): { subcommand?: string; options: Options } {
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    return { subcommand: first.name, options: first.options ?? [] };
  }
  return { options };
}

function rawValue(option: CommandInteractionOption): RawValue | undefined {
  // An attachment: its name and size now, its text once the flow has downloaded it.
  if (option.attachment) return { filename: option.attachment.name, size: option.attachment.size, text: '' };
  const value = option.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}

/** A slash command's options, keyed by the names its spec declares (anything else is ignored). */
export function invocationFromCommand(
  interaction: Pick<ChatInputCommandInteraction, 'commandName' | 'options'>,
  commands: readonly AnyCommand[],
): Invocation {
  const { subcommand, options } = leaf(interaction.options.data);
  const found = findCommand(commands, interaction.commandName, subcommand);
  const values: Record<string, RawValue | undefined> = {};
  for (const option of options) {
    if (found && !(option.name in found.command.options)) continue;
    values[option.name] = rawValue(option);
  }
  return { command: interaction.commandName, ...(subcommand ? { subcommand } : {}), options: values };
}

/** What an autocomplete interaction asks for: the focused option and what has been typed into it. */
export function autocompleteRequest(
  interaction: Pick<AutocompleteInteraction, 'commandName' | 'options'>,
): AutocompleteRequest {
  const { subcommand, options } = leaf(interaction.options.data);
  const focused = options.find((o) => o.focused) ?? options[0];
  return {
    command: interaction.commandName,
    ...(subcommand ? { subcommand } : {}),
    option: focused?.name ?? '',
    value: focused?.value === undefined ? '' : String(focused.value),
  };
}

/**
 * Who asked and where. Admin means Manage Channels in a guild (what subscribing a channel to
 * digests needs); in a DM the user is in charge of their own conversation.
 */
export function invocationContext(interaction: Interaction): InvocationContext {
  const inGuild = interaction.guildId !== null;
  return {
    platform: 'discord',
    userId: interaction.user.id,
    ...(interaction.guildId ? { workspaceId: interaction.guildId } : {}),
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    isAdmin: inGuild
      ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false)
      : true,
  };
}
