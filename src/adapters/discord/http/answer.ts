/**
 * Discord's raw interaction JSON → the answer for the HTTP response, plus the work that follows it.
 * The same steps as the gateway flow (../interactions.ts), through the same parsers, dispatcher and
 * renderers:
 * - PING → PONG;
 * - a slash command → "deferred" at once (privately for a command that only answers the asker),
 *   then dispatch and edit the reply through the webhook;
 * - autocomplete → the choices, in the response itself;
 * - one of our buttons → a deferred update (public message) or a deferred reply (ephemeral one).
 * Follow-ups go through REST (@discordjs/rest) on the interaction's webhook, which needs no bot
 * token, so any replica can finish what another started.
 */
import {
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type REST,
  Routes,
} from 'discord.js';
import type { Logger } from 'pino';
import { findCommand } from '../../../core/command.js';
import type { Dispatcher } from '../../../core/dispatch.js';
import type { Reply } from '../../../core/reply.js';
import { withAttachments, withResolvedAttachments } from '../attachments.js';
import { decodeCustomId } from '../custom-id.js';
import { isPrivateText } from '../interactions.js';
import {
  autocompleteRequest,
  commandOf,
  invocationFromCommand,
  type OptionLike,
  payloadContext,
} from '../parse.js';
import {
  autocompleteChoices,
  type Deferred,
  isEphemeral,
  type OutgoingMessage,
  type Responder,
  respond,
} from '../respond.js';

export interface AnswerDeps {
  dispatcher: Dispatcher;
  log: Logger;
  rest: REST;
  applicationId: string;
}

export interface Answer {
  /** The body of the HTTP response (Discord's interaction callback). */
  response: APIInteractionResponse;
  /** What happens after the response is sent (dispatch and the webhook edit), if anything. */
  followUp?: () => Promise<void>;
}

/** A command's data as the parsers read it (Discord's option types are a union per option type). */
type CommandData = {
  name: string;
  options?: OptionLike[];
  resolved?: { attachments?: Record<string, { filename: string; size: number; url: string }> };
};

export async function answerInteraction(payload: APIInteraction, deps: AnswerDeps): Promise<Answer> {
  switch (payload.type) {
    case InteractionType.Ping:
      return { response: { type: InteractionResponseType.Pong } };
    case InteractionType.ApplicationCommand: {
      const data = payload.data as unknown as CommandData;
      const command = commandOf({
        name: data.name,
        options: withResolvedAttachments(data.options ?? [], data.resolved?.attachments),
      });
      const invocation = invocationFromCommand(command, deps.dispatcher.commands);
      // A command that only ever answers the asker is deferred privately: nothing shows in the channel.
      const found = findCommand(deps.dispatcher.commands, invocation.command, invocation.subcommand);
      const privately = found?.command.private === true;
      return {
        response: deferredReply(privately),
        followUp: () =>
          finish(payload, deps, privately ? 'deferred-privately' : 'deferred', async () =>
            deps.dispatcher.dispatch(
              await withAttachments(command, invocation, deps.log),
              payloadContext(payload),
            ),
          ),
      };
    }
    case InteractionType.ApplicationCommandAutocomplete: {
      const choices = await deps.dispatcher.autocomplete(
        autocompleteRequest(commandOf(payload.data as unknown as CommandData)),
        payloadContext(payload),
      );
      return {
        response: {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: autocompleteChoices(choices) },
        },
      };
    }
    case InteractionType.MessageComponent: {
      const text = decodeCustomId((payload.data as { custom_id: string }).custom_id);
      // Not one of ours: acknowledge quietly so the user sees no error, and change nothing.
      if (text === undefined) return { response: { type: InteractionResponseType.DeferredMessageUpdate } };
      const dispatch = () => deps.dispatcher.dispatchText(text, payloadContext(payload));
      // A button on a public message updates it in place; one on an ephemeral message answers anew.
      if (!isEphemeral(payload.message)) {
        return {
          response: { type: InteractionResponseType.DeferredMessageUpdate },
          followUp: () => finish(payload, deps, 'in-place', dispatch),
        };
      }
      const privately = isPrivateText(deps.dispatcher, text);
      return {
        response: deferredReply(privately),
        followUp: () => finish(payload, deps, privately ? 'deferred-privately' : 'deferred', dispatch),
      };
    }
    default:
      return { response: { type: InteractionResponseType.Pong } };
  }
}

function deferredReply(privately: boolean): APIInteractionResponse {
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(privately ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  };
}

async function finish(
  payload: APIInteraction,
  deps: AnswerDeps,
  stage: Deferred,
  dispatch: () => Promise<Reply>,
): Promise<void> {
  const reply = await dispatch();
  await respond(webhookResponder(payload, deps), reply, deps.log, stage);
}

/** The interaction's webhook: `@original` is the deferred reply, or the message a button is on. */
function webhookResponder(payload: APIInteraction, deps: AnswerDeps): Responder {
  const original = Routes.webhookMessage(deps.applicationId, payload.token, '@original');
  const body = (message: OutgoingMessage) => ({
    embeds: message.embeds,
    components: message.components,
    // New attachments only: the previous chart goes with the message it replaces.
    attachments: message.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
  });
  const files = (message: OutgoingMessage) =>
    message.files.map((f) => ({ name: f.name, data: f.data, contentType: 'image/png' }));
  return {
    id: payload.id,
    editOriginal: (message) =>
      deps.rest.patch(original, { body: body(message), files: files(message), auth: false }),
    deleteOriginal: () => deps.rest.delete(original, { auth: false }),
    followUp: (message) =>
      deps.rest.post(Routes.webhook(deps.applicationId, payload.token), {
        body: { ...body(message), flags: MessageFlags.Ephemeral },
        files: files(message),
        auth: false,
      }),
  };
}
