/**
 * Command specs → Discord's registration JSON (SlashCommandBuilder, which also checks names and
 * lengths as Discord does), and the PUT that replaces the registered set, globally or in one guild
 * (guild commands appear at once, which is handy while testing a bot).
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { type AnyCommand, type Command, MAX_FIGURE_INPUT } from '../../core/command.js';

type OptionHost = SlashCommandBuilder | SlashCommandSubcommandBuilder;

/** Adds one Discord option per spec option, in the spec's order (required ones come first). */
function addOptions<B extends OptionHost>(builder: B, command: Command): B {
  for (const [name, spec] of Object.entries(command.options)) {
    const base = <
      O extends { setName(n: string): O; setDescription(d: string): O; setRequired(r: boolean): O },
    >(
      o: O,
    ) => o.setName(name).setDescription(spec.description).setRequired(spec.required);
    switch (spec.kind) {
      case 'string':
        builder.addStringOption((o) => {
          base(o).setMaxLength(spec.maxLength).setAutocomplete(Boolean(spec.autocomplete));
          if (spec.minLength !== undefined) o.setMinLength(spec.minLength);
          return o;
        });
        break;
      case 'figure':
        builder.addStringOption((o) =>
          base(o).setMaxLength(MAX_FIGURE_INPUT).setAutocomplete(spec.autocomplete),
        );
        break;
      case 'choice':
        builder.addStringOption((o) =>
          base(o).addChoices(...spec.choices.map((c) => ({ name: c, value: c }))),
        );
        break;
      case 'integer':
        builder.addIntegerOption((o) => {
          base(o);
          if (spec.choices) o.addChoices(...spec.choices.map((n) => ({ name: String(n), value: n })));
          if (spec.min !== undefined) o.setMinValue(spec.min);
          if (spec.max !== undefined) o.setMaxValue(spec.max);
          return o;
        });
        break;
      case 'number':
        builder.addNumberOption((o) => {
          base(o);
          if (spec.min !== undefined) o.setMinValue(spec.min);
          if (spec.max !== undefined) o.setMaxValue(spec.max);
          return o;
        });
        break;
      case 'boolean':
        builder.addBooleanOption((o) => base(o));
        break;
      case 'file':
        builder.addAttachmentOption((o) => base(o));
        break;
    }
  }
  return builder;
}

/** The registration body: one chat-input command per spec (a group's subcommands as SUB_COMMAND options). */
export function commandsJson(commands: readonly AnyCommand[]): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((command) => {
    const builder = new SlashCommandBuilder()
      .setName(command.name)
      .setDescription(command.description)
      // Usable in servers and in the bot's DMs (alerts and watchlists are personal).
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    if (command.type === 'group') {
      for (const sub of command.subcommands) {
        builder.addSubcommand((s) => addOptions(s.setName(sub.name).setDescription(sub.description), sub));
      }
    } else {
      addOptions(builder, command);
    }
    return builder.toJSON();
  });
}

/** Replaces the registered commands with `commands`; returns what Discord registered. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  commands: readonly AnyCommand[],
  opts: { guildId?: string } = {},
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = opts.guildId
    ? Routes.applicationGuildCommands(applicationId, opts.guildId)
    : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: commandsJson(commands) })) as RESTPutAPIApplicationCommandsResult;
}
