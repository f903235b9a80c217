/**
 * Getting a rendered reply to the person who asked, after the ack. Slash commands and buttons
 * answer through their response_url (which also works where the bot is not a member); mentions
 * answer with chat.postMessage, or chat.postEphemeral for errors. Charts are uploaded to the same
 * channel with files.uploadV2. If the rich reply is refused, a plain-text note says so: the user
 * never waits on silence.
 */
import type { RespondArguments, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { LeanRequest } from '../../http/lean-fetch.js';
import { postMessage, uploadFile } from './delivery.js';
import type { SlackMessage } from './render.js';

export const CHART_NOT_POSTED =
  'I could not attach the chart here. Invite me to this channel (/invite @minifig), or ask me in a direct message.';
export const REPLY_NOT_POSTED = 'I could not post the full reply here. Please try again in a moment.';

/** Posts to a response_url: Bolt's `respond`, or respondVia below. */
export type Respond = (message: string | RespondArguments) => Promise<unknown>;

/**
 * A response_url poster, as Bolt's `respond` is: JSON posted, a refusal thrown with its status.
 * Used where the command never went through Bolt (slash-receiver.ts); it posts with `request`
 * directly, since no one reads a Response of it.
 */
export function respondVia(request: LeanRequest, command: { response_url: string }): Respond {
  return async (message) => {
    const body = Buffer.from(JSON.stringify(typeof message === 'string' ? { text: message } : message));
    const res = await request(new URL(command.response_url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    if (res.status < 200 || res.status > 299) {
      throw Object.assign(new Error(`response_url refused the reply: ${res.status}`), {
        name: 'RespondError',
        statusCode: res.status,
      });
    }
    return res;
  };
}

/** Reply through a response_url (slash commands, buttons), then upload the chart to `channel`. */
export async function replyViaResponseUrl(
  respond: Respond,
  client: webApi.WebClient,
  channel: string | undefined,
  message: SlackMessage,
  log: Logger,
): Promise<void> {
  try {
    await respond({
      response_type: message.ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (err) {
    log.warn({ err: errorSummary(err) }, 'slack response_url refused the reply');
    await respond({ response_type: 'ephemeral', replace_original: false, text: REPLY_NOT_POSTED });
    return;
  }
  if (!message.file || message.ephemeral) return;
  if (!channel) return;
  try {
    await uploadFile(client, { channel }, message.file);
  } catch (err) {
    log.warn({ err: errorSummary(err), channel }, 'slack chart upload failed');
    await respond({ response_type: 'ephemeral', replace_original: false, text: CHART_NOT_POSTED });
  }
}

/** Reply to a mention in its channel (and thread), or only to its author when ephemeral. */
export async function replyInChannel(
  client: webApi.WebClient,
  target: { channel: string; user?: string; threadTs?: string },
  message: SlackMessage,
  log: Logger,
): Promise<void> {
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  if (message.ephemeral && target.user) {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      blocks: message.blocks,
      ...thread,
    });
    return;
  }
  let posted: { channel: string };
  try {
    posted = await postMessage(client, target, { ...message, file: undefined });
  } catch (err) {
    log.warn({ err: errorSummary(err), channel: target.channel }, 'slack chat.postMessage failed');
    if (!target.user) throw err;
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: REPLY_NOT_POSTED,
      ...thread,
    });
    return;
  }
  if (!message.file) return;
  try {
    await uploadFile(client, { channel: posted.channel, threadTs: target.threadTs }, message.file);
  } catch (err) {
    log.warn({ err: errorSummary(err), channel: target.channel }, 'slack chart upload failed');
    if (target.user) {
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        text: CHART_NOT_POSTED,
        ...thread,
      });
    }
  }
}

/** What went wrong, without the request (which holds the message) or any header. */
export function errorSummary(err: unknown): {
  name?: string;
  code?: string;
  slackError?: string;
  status?: number;
} {
  const e = err as { name?: string; code?: string; data?: { error?: string }; statusCode?: number };
  return { name: e?.name, code: e?.code, slackError: e?.data?.error, status: e?.statusCode };
}
