/**
 * What both transports share after the dispatcher: autocomplete choices within Discord's limits,
 * whether a message is ephemeral, and, for a deferred interaction, getting the rendered reply to
 * the asker through a Responder (the HTTP path's is the interaction webhook over REST).
 *
 * A deferred reply's visibility is fixed when it is deferred, so an ephemeral result of a publicly
 * deferred interaction deletes the "thinking…" placeholder and follows up ephemerally; a privately
 * deferred one is simply edited. If Discord refuses the reply, the user gets an ephemeral error
 * with a reference id instead of silence.
 */
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { Choice } from '../../core/command.js';
import { describeForUser } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { errorReply } from '../../replies/error.js';
import { clip } from './discord-text.js';
import {
  DISCORD_MAX_AUTOCOMPLETE_CHOICES,
  DISCORD_MAX_CHOICE_NAME,
  DISCORD_MAX_CHOICE_VALUE,
} from './limits.js';
import { type DiscordMessage, render } from './render.js';

/** A message body with its files, as both transports take it. */
export interface OutgoingMessage {
  embeds: DiscordMessage['embeds'];
  components: DiscordMessage['components'];
  files: DiscordMessage['files'];
  ephemeral?: boolean;
}

export interface Responder {
  /** The interaction's id, for log lines and the reference id users see. */
  readonly id: string;
  /** Replaces the deferred reply (or, after a deferred update, the message the button is on). */
  editOriginal(message: OutgoingMessage): Promise<unknown>;
  deleteOriginal(): Promise<unknown>;
  followUp(message: OutgoingMessage): Promise<unknown>;
}

/** How the interaction was acknowledged: deferred publicly or privately, or a button's message to update. */
export type Deferred = 'deferred' | 'deferred-privately' | 'in-place';

/** Sends the rendered reply; if Discord refuses it, tells the user (ephemerally) with a reference id. */
export async function respond(
  responder: Responder,
  reply: Reply,
  log: Logger,
  stage: Deferred,
): Promise<void> {
  try {
    await deliver(responder, render(reply), stage);
  } catch (err) {
    const message = describeForUser(err, { platform: 'discord', interaction: responder.id });
    try {
      await deliver(responder, render(errorReply(message)), stage);
    } catch (again) {
      log.error({ err: again, interaction: responder.id }, 'could not deliver a Discord error reply');
    }
  }
}

async function deliver(responder: Responder, message: DiscordMessage, stage: Deferred): Promise<void> {
  if (message.ephemeral && stage !== 'deferred-privately') {
    // Best effort: if the placeholder cannot be deleted, the ephemeral answer must still go out.
    if (stage !== 'in-place') await responder.deleteOriginal().catch(() => undefined);
    await responder.followUp(message);
    return;
  }
  await responder.editOriginal(message);
}

/** Autocomplete choices within Discord's limits (25 choices, 100 characters each). */
export function autocompleteChoices(choices: readonly Choice[]): { name: string; value: string }[] {
  return choices.slice(0, DISCORD_MAX_AUTOCOMPLETE_CHOICES).map((c) => ({
    name: clip(c.name, DISCORD_MAX_CHOICE_NAME),
    value: clip(c.value, DISCORD_MAX_CHOICE_VALUE),
  }));
}

/** Whether a message (a discord.js Message, or the raw payload) is ephemeral. */
export function isEphemeral(message: unknown): boolean {
  const flags = (message as { flags?: unknown } | null)?.flags;
  if (typeof flags === 'number') return (flags & MessageFlags.Ephemeral) !== 0;
  if (flags && typeof (flags as { has?: unknown }).has === 'function') {
    return (flags as { has(bit: number): boolean }).has(MessageFlags.Ephemeral);
  }
  return false;
}
