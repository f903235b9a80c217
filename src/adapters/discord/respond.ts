/**
 * Getting a rendered reply to whoever asked, over either transport: the gateway path answers with
 * discord.js's interaction methods, the HTTP path with the interaction webhook over REST. Both give
 * a Responder; what to send, and what to do when Discord refuses it, is decided once, here.
 *
 * A deferred reply's visibility is fixed when it is deferred, so an ephemeral result deletes the
 * public "thinking…" placeholder and follows up ephemerally. If Discord refuses the reply, the user
 * gets an ephemeral error with a reference id instead of silence.
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

/** Sends the rendered reply; if Discord refuses it, tells the user (ephemerally) with a reference id. */
export async function respond(
  responder: Responder,
  reply: Reply,
  log: Logger,
  inPlace = false,
): Promise<void> {
  try {
    await deliver(responder, render(reply), inPlace);
  } catch (err) {
    const message = describeForUser(err, { platform: 'discord', interaction: responder.id });
    try {
      await deliver(responder, render(errorReply(message)), inPlace);
    } catch (again) {
      log.error({ err: again, interaction: responder.id }, 'could not deliver a Discord error reply');
    }
  }
}

async function deliver(responder: Responder, message: DiscordMessage, inPlace: boolean): Promise<void> {
  if (message.ephemeral) {
    // Best effort: if the placeholder cannot be deleted, the ephemeral answer must still go out.
    if (!inPlace) await responder.deleteOriginal().catch(() => undefined);
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
