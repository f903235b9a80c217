/**
 * The Discord flow. Slash commands: parse → dispatch → render. Discord allows 3 seconds to
 * acknowledge; a reply ready within `answerAtOnceMs` is the acknowledgement itself, private or
 * public as the reply says, so an error or a private answer never shows the channel anything.
 * A slower one is deferred then, ephemerally when the command only ever answers the asker
 * (`private` in its spec), and the deferred reply is edited. Autocomplete: at most 25 choices,
 * answered directly. Buttons: their custom_id holds the command text, dispatched like a typed command.
 *
 * A deferred reply's visibility is fixed when it is deferred, so an ephemeral result of a slow,
 * publicly deferred command (an error found late) deletes the placeholder and follows up ephemerally.
 * Nothing here throws: whatever goes wrong is logged, and the user sees at most a reference id.
 * The HTTP endpoint (http/answer.ts) runs the same steps on Discord's raw JSON.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Logger } from 'pino';
import { findCommand } from '../../core/command.js';
import type { Dispatcher } from '../../core/dispatch.js';
import { describeForUser } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { errorReply } from '../../replies/error.js';
import { ANSWER_AT_ONCE_MS, within } from './answer-window.js';
import { withAttachments } from './attachments.js';
import { decodeCustomId } from './custom-id.js';
import { autocompleteRequest, invocationContext, invocationFromCommand } from './parse.js';
import { type DiscordMessage, render } from './render.js';
import { autocompleteChoices, isEphemeral } from './respond.js';

export interface FlowDeps {
  dispatcher: Dispatcher;
  log: Logger;
  /** Replies ready within this answer the interaction directly; slower ones are deferred first. */
  answerAtOnceMs?: number;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

export async function handleInteraction(interaction: Interaction, deps: FlowDeps): Promise<void> {
  if (interaction.isChatInputCommand()) return handleCommand(interaction, deps);
  if (interaction.isAutocomplete()) return handleAutocomplete(interaction, deps);
  if (interaction.isButton()) return handleButton(interaction, deps);
}

async function handleCommand(interaction: ChatInputCommandInteraction, deps: FlowDeps): Promise<void> {
  const invocation = invocationFromCommand(interaction, deps.dispatcher.commands);
  // Attached files are downloaded first; the answer-or-defer timing covers the download too.
  const pending = withAttachments(interaction, invocation, deps.log).then((withFiles) =>
    deps.dispatcher.dispatch(withFiles, invocationContext(interaction)),
  );
  const found = findCommand(deps.dispatcher.commands, invocation.command, invocation.subcommand);
  await answerOrDefer(interaction, pending, deps, found?.command.private === true);
}

/** Answers with the reply if it is ready within answerAtOnceMs; otherwise defers (privately for a private command) and edits. */
async function answerOrDefer(
  interaction: Repliable,
  pending: Promise<Reply>,
  deps: FlowDeps,
  privately: boolean,
): Promise<void> {
  const early = await within(pending, deps.answerAtOnceMs ?? ANSWER_AT_ONCE_MS);
  if (early) {
    await respond(interaction, early, deps, { at: 'once' });
    return;
  }
  const defer = () => interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  if (!(await acknowledge(interaction, deps, defer))) return;
  await respond(interaction, await pending, deps, { at: privately ? 'deferred-privately' : 'deferred' });
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
  if (inPlace) {
    // Updating the message it sits on shows no placeholder: acknowledge at once.
    if (!(await acknowledge(interaction, deps, () => interaction.deferUpdate()))) return;
    const reply = await deps.dispatcher.dispatchText(text, invocationContext(interaction));
    await respond(interaction, reply, deps, { at: 'in-place' });
    return;
  }
  const pending = deps.dispatcher.dispatchText(text, invocationContext(interaction));
  await answerOrDefer(interaction, pending, deps, isPrivateText(deps.dispatcher, text));
}

/** Whether the command a button's text names only ever answers the asker. */
export function isPrivateText(dispatcher: Dispatcher, text: string): boolean {
  const [name, sub] = text.trim().split(/\s+/);
  const group = dispatcher.commands.find((c) => c.name === name);
  if (group?.type === 'command') return group.private === true;
  return group?.subcommands.find((c) => c.name === sub)?.private === true;
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

/**
 * How the interaction stands when the reply is ready: not acknowledged yet ('once'), deferred
 * publicly or privately, or a button's message to update in place.
 */
type Stage = { at: 'once' | 'deferred' | 'deferred-privately' | 'in-place' };

/** Sends the rendered reply; if Discord refuses it, tells the user (ephemerally) with a reference id. */
async function respond(interaction: Repliable, reply: Reply, deps: FlowDeps, stage: Stage): Promise<void> {
  let current = stage;
  try {
    await deliver(interaction, render(reply), current);
  } catch (err) {
    const message = describeForUser(err, { platform: 'discord', interaction: interaction.id });
    // A refused first answer may still have acknowledged the interaction; follow up either way.
    if (current.at === 'once' && (interaction.replied || interaction.deferred)) current = { at: 'deferred' };
    try {
      await deliver(interaction, render(errorReply(message)), current);
    } catch (again) {
      deps.log.error({ err: again, interaction: interaction.id }, 'could not deliver a Discord error reply');
    }
  }
}

async function deliver(interaction: Repliable, message: DiscordMessage, stage: Stage): Promise<void> {
  const payload = {
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
  };
  if (stage.at === 'once') {
    await interaction.reply(message.ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload);
    return;
  }
  if (message.ephemeral && stage.at !== 'deferred-privately') {
    // Best effort: if the placeholder cannot be deleted, the ephemeral answer must still go out.
    if (stage.at !== 'in-place') await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    return;
  }
  // `attachments: []` drops the attachments of the message being replaced (the previous chart).
  await interaction.editReply({ ...payload, attachments: [] });
}
