/**
 * The Discord flow over the gateway. Slash commands: defer first (Discord allows 3 seconds to
 * acknowledge), then parse → dispatch → render → edit the deferred reply. Autocomplete: at most 25
 * choices, answered directly. Buttons: their custom_id holds the command text, dispatched like a
 * typed command. The HTTP endpoint (http/answer.ts) runs the same steps on Discord's raw JSON.
 *
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
import { decodeCustomId } from './custom-id.js';
import { autocompleteRequest, invocationContext, invocationFromCommand } from './parse.js';
import {
  autocompleteChoices,
  isEphemeral,
  type OutgoingMessage,
  type Responder,
  respond,
} from './respond.js';

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
  const invocation = invocationFromCommand(interaction, deps.dispatcher.commands);
  const reply = await deps.dispatcher.dispatch(invocation, invocationContext(interaction));
  await respond(responderFor(interaction), reply, deps.log);
}

async function handleAutocomplete(interaction: AutocompleteInteraction, deps: FlowDeps): Promise<void> {
  const choices = await deps.dispatcher.autocomplete(
    autocompleteRequest(interaction),
    invocationContext(interaction),
  );
  try {
    await interaction.respond(autocompleteChoices(choices));
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
  await respond(responderFor(interaction), reply, deps.log, inPlace);
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

function responderFor(interaction: Repliable): Responder {
  const payload = (message: OutgoingMessage) => ({
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
  });
  return {
    id: interaction.id,
    // `attachments: []` drops the attachments of the message being replaced (the previous chart).
    editOriginal: (message) => interaction.editReply({ ...payload(message), attachments: [] }),
    deleteOriginal: () => interaction.deleteReply(),
    followUp: (message) => interaction.followUp({ ...payload(message), flags: MessageFlags.Ephemeral }),
  };
}
