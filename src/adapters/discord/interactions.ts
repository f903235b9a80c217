/**
 * The Discord flow. Slash commands: defer first (Discord allows 3 seconds to acknowledge), then
 * parse → dispatch → render → edit the deferred reply. Autocomplete: at most 25 choices, answered
 * directly. Buttons: their custom_id holds the command text, dispatched like a typed command.
 *
 * Errors are ephemeral. A deferred reply's visibility is fixed when it is deferred, so an
 * ephemeral result deletes the public "thinking…" placeholder and follows up ephemerally.
 * Nothing here throws: whatever goes wrong is logged, and the user sees at most a reference id.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Dispatcher } from '../../core/dispatch.js';
import { describeForUser } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { errorReply } from '../../replies/error.js';
import { withAttachments } from './attachments.js';
import { decodeCustomId } from './custom-id.js';
import { clip } from './discord-text.js';
import {
  DISCORD_MAX_AUTOCOMPLETE_CHOICES,
  DISCORD_MAX_CHOICE_NAME,
  DISCORD_MAX_CHOICE_VALUE,
} from './limits.js';
import { autocompleteRequest, invocationContext, invocationFromCommand } from './parse.js';
import { type DiscordMessage, render } from './render.js';

export interface FlowDeps {
  dispatcher: Dispatcher;
  log: Logger;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

export async function handleInteraction(interaction: Interaction, deps: FlowDeps): Promise<void> {
  if (interaction.isChatInputCommand()) return handleCommand(interaction, deps);
  if (interaction.isAutocomplete()) return handleAutocomplete(interaction, deps);
  if (interaction.isButton()) return handleButton(interaction, deps);
}

async function handleCommand(interaction: ChatInputCommandInteraction, deps: FlowDeps): Promise<void> {
  if (!(await acknowledge(interaction, deps, () => interaction.deferReply()))) return;
  const invocation = await withAttachments(
    interaction,
    invocationFromCommand(interaction, deps.dispatcher.commands),
    deps.log,
  );
  const reply = await deps.dispatcher.dispatch(invocation, invocationContext(interaction));
  await respond(interaction, reply, deps);
}

async function handleAutocomplete(interaction: AutocompleteInteraction, deps: FlowDeps): Promise<void> {
  const choices = await deps.dispatcher.autocomplete(
    autocompleteRequest(interaction),
    invocationContext(interaction),
  );
  try {
    await interaction.respond(
      choices.slice(0, DISCORD_MAX_AUTOCOMPLETE_CHOICES).map((c) => ({
        name: clip(c.name, DISCORD_MAX_CHOICE_NAME),
        value: clip(c.value, DISCORD_MAX_CHOICE_VALUE),
      })),
    );
  } catch (err) {
    // The user typed on; Discord has already dropped this request. Nothing to tell anyone.
    deps.log.debug({ err, interaction: interaction.id }, 'autocomplete answer not delivered');
  }
}

/**
 * A button on a public message (history ranges) updates that message in place; a button on an
 * ephemeral message (the "did you mean" of an error) answers with a new public reply.
 */
async function handleButton(interaction: ButtonInteraction, deps: FlowDeps): Promise<void> {
  const text = decodeCustomId(interaction.customId);
  if (text === undefined) return; // not one of ours
  const inPlace = !isEphemeral(interaction.message);
  const ack = inPlace ? () => interaction.deferUpdate() : () => interaction.deferReply();
  if (!(await acknowledge(interaction, deps, ack))) return;
  const reply = await deps.dispatcher.dispatchText(text, invocationContext(interaction));
  await respond(interaction, reply, deps, inPlace);
}

async function acknowledge(
  interaction: Repliable,
  deps: FlowDeps,
  ack: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await ack();
    return true;
  } catch (err) {
    // Usually the 3-second window passed (the process was stalled); Discord has shown the user an error.
    deps.log.warn({ err, interaction: interaction.id }, 'could not acknowledge a Discord interaction');
    return false;
  }
}

/** Sends the rendered reply; if Discord refuses it, tells the user (ephemerally) with a reference id. */
async function respond(interaction: Repliable, reply: Reply, deps: FlowDeps, inPlace = false): Promise<void> {
  try {
    await deliver(interaction, render(reply), inPlace);
  } catch (err) {
    const message = describeForUser(err, { platform: 'discord', interaction: interaction.id });
    try {
      await deliver(interaction, render(errorReply(message)), inPlace);
    } catch (again) {
      deps.log.error({ err: again, interaction: interaction.id }, 'could not deliver a Discord error reply');
    }
  }
}

async function deliver(interaction: Repliable, message: DiscordMessage, inPlace: boolean): Promise<void> {
  const payload = {
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
  };
  if (message.ephemeral) {
    // Best effort: if the placeholder cannot be deleted, the ephemeral answer must still go out.
    if (!inPlace) await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    return;
  }
  // `attachments: []` drops the attachments of the message being replaced (the previous chart).
  await interaction.editReply({ ...payload, attachments: [] });
}

/** Whether a message (a discord.js Message, or the raw payload when its channel is not cached) is ephemeral. */
function isEphemeral(message: unknown): boolean {
  const flags = (message as { flags?: unknown } | null)?.flags;
  if (typeof flags === 'number') return (flags & MessageFlags.Ephemeral) !== 0;
  if (flags && typeof (flags as { has?: unknown }).has === 'function') {
    return (flags as { has(bit: number): boolean }).has(MessageFlags.Ephemeral);
  }
  return false;
}
