/**
 * Interaction → Invocation, by the same option specs that registered the command. Values stay raw
 * (as Discord delivered them); the dispatcher checks and converts them, so a stale registration
 * (an option renamed since) still gets a clear error instead of a crash. The same functions read a
 * discord.js interaction (gateway) and Discord's raw JSON (HTTP interactions): both carry the
 * options in the shape of `OptionLike`.
 */
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  type Interaction,
  PermissionFlagsBits,
} from 'discord.js';
import type { AnyCommand, Invocation, InvocationContext, RawValue } from '../../core/command.js';
import { findCommand } from '../../core/command.js';
import type { AutocompleteRequest } from '../../core/dispatch.js';
import { discordPlatform } from './platform.js';

/** A command option as Discord sends it (discord.js's CommandInteractionOption has the same fields). */
export interface OptionLike {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: readonly OptionLike[];
  /** A file option's upload, as discord.js resolves it (or withResolvedAttachments for HTTP). */
  attachment?: { name: string; size: number; url: string } | null;
}

type Options = readonly OptionLike[];

/** A command or autocomplete interaction's name and options. */
export interface CommandLike {
  commandName: string;
  options: { data: Options };
}

/** The subcommand (if any) and the options below it. */
function leaf(options: Options): { subcommand?: string; options: Options } {
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    return { subcommand: first.name, options: first.options ?? [] };
  }
  return { options };
}

function rawValue(option: OptionLike): RawValue | undefined {
  // An attachment: its name and size now, its text once the flow has downloaded it.
  if (option.attachment) return { filename: option.attachment.name, size: option.attachment.size, text: '' };
  const value = option.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}

/** A slash command's options, keyed by the names its spec declares (anything else is ignored). */
export function invocationFromCommand(interaction: CommandLike, commands: readonly AnyCommand[]): Invocation {
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
export function autocompleteRequest(interaction: CommandLike): AutocompleteRequest {
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
  return contextOf({
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    canManageChannels: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
  });
}

/** The same, from Discord's raw JSON (member.permissions is a decimal bit set). */
export function payloadContext(payload: APIInteraction): InvocationContext {
  const permissions = BigInt(payload.member?.permissions ?? '0');
  return contextOf({
    userId: payload.member?.user.id ?? payload.user?.id ?? '',
    guildId: payload.guild_id ?? null,
    channelId: payload.channel?.id ?? payload.channel_id ?? null,
    canManageChannels: (permissions & PermissionFlagsBits.ManageChannels) !== 0n,
  });
}

/** The raw command data as the shape the parsers read. */
export function commandOf(data: { name: string; options?: readonly OptionLike[] }): CommandLike {
  return { commandName: data.name, options: { data: data.options ?? [] } };
}

function contextOf(who: {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  canManageChannels: boolean;
}): InvocationContext {
  return {
    platform: discordPlatform.name,
    traits: discordPlatform,
    userId: who.userId,
    ...(who.guildId ? { workspaceId: who.guildId } : {}),
    ...(who.channelId ? { channelId: who.channelId } : {}),
    isAdmin: who.guildId ? who.canManageChannels : true,
  };
}
