/**
 * Discord's raw interaction JSON → the answer for the HTTP response, plus the work that follows it.
 * The same steps as the gateway flow (../interactions.ts), through the same parsers, dispatcher and
 * renderers:
 * - PING → PONG;
 * - a slash command → its reply in the response itself when it is ready within the answer window
 *   (ephemeral when the reply is, so an error never shows the channel anything); otherwise
 *   "deferred" (privately for a command that only answers the asker), and the reply is edited in
 *   through the webhook. When the process is busy (every reply slot taken, or more interactions
 *   on hand than it works on at once), the command is deferred at once, as the deferral must not
 *   wait behind other work; an error found late then replaces a public placeholder;
 * - autocomplete → the choices, in the response itself;
 * - one of our buttons → a deferred update (public message), or answered like a command
 *   (ephemeral message).
 * Discord takes no files in the HTTP response, so a chart ready at once is deferred with the
 * reply's own visibility and edited in. Follow-ups go through REST (@discordjs/rest) on the
 * interaction's webhook, which needs no bot token, so any replica can finish what another started.
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
import type { Limiter } from '../../../core/limiter.js';
import type { Reply } from '../../../core/reply.js';
import { ANSWER_AT_ONCE_MS, within } from '../answer-window.js';
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
import { render } from '../render.js';
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
  /**
   * The replies worked on at once: a dispatch and the webhook delivery of its reply take one turn
   * together, so hundreds of deferred replies wait here, not in the REST client's queue.
   */
  limit: Limiter;
  /** Whether the process has more interactions on hand than it works on at once. */
  busy: () => boolean;
  /** Replies ready within this are the response itself (default ANSWER_AT_ONCE_MS). */
  answerAtOnceMs?: number;
}

export interface Answer {
  /** The body of the HTTP response (Discord's interaction callback). */
  response: APIInteractionResponse;
  /** What happens after the response is sent (the rest of the dispatch, the webhook edit), if anything. */
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
      return answerOrDefer(payload, deps, found?.command.private === true, async () =>
        deps.dispatcher.dispatch(
          await withAttachments(command, invocation, deps.log),
          payloadContext(payload),
        ),
      );
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
          followUp: () => deps.limit(async () => finish(payload, deps, 'in-place', await dispatch())),
        };
      }
      return answerOrDefer(payload, deps, isPrivateText(deps.dispatcher, text), dispatch);
    }
    default:
      return { response: { type: InteractionResponseType.Pong } };
  }
}

/** The reply as the response when it is ready within the window and can go there; else a deferral. */
async function answerOrDefer(
  payload: APIInteraction,
  deps: AnswerDeps,
  privately: boolean,
  dispatch: () => Promise<Reply>,
): Promise<Answer> {
  const stage = privately ? 'deferred-privately' : 'deferred';
  // A busy process defers at once: the command would wait its turn, and the deferral must not.
  if (deps.busy()) {
    return {
      response: deferredReply(privately),
      followUp: () => deps.limit(async () => finish(payload, deps, stage, await dispatch())),
    };
  }
  const pending = deps.limit(dispatch);
  const early = await within(pending, deps.answerAtOnceMs ?? ANSWER_AT_ONCE_MS);
  if (!early)
    return {
      response: deferredReply(privately),
      // The delivery takes a turn of its own once the dispatch has freed its turn: waiting for the
      // reply while holding a turn could leave every turn waiting on dispatches queued behind them.
      followUp: async () => {
        const reply = await pending;
        await deps.limit(() => finish(payload, deps, stage, reply));
      },
    };
  const message = render(early);
  if (message.files.length > 0) {
    return {
      response: deferredReply(message.ephemeral),
      followUp: () =>
        deps.limit(() => finish(payload, deps, message.ephemeral ? 'deferred-privately' : 'deferred', early)),
    };
  }
  return {
    response: {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        embeds: message.embeds,
        components: message.components,
        ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      },
    },
  };
}

function deferredReply(privately: boolean): APIInteractionResponse {
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(privately ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  };
}

function finish(payload: APIInteraction, deps: AnswerDeps, stage: Deferred, reply: Reply): Promise<void> {
  return respond(webhookResponder(payload, deps), reply, deps.log, stage);
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
