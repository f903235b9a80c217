import { createHmac } from 'node:crypto';

/**
 * What Slack itself sends to an app's request URL: slash commands (form-encoded), Events API
 * callbacks (JSON) and interactivity payloads (form-encoded `payload=<json>`), each signed the
 * Slack way: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret.
 */

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Replaces the correct signature (to test rejection). */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

/** POSTs `body` to the app as Slack would, signed with `secret`. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  opts: SignedPostOptions = {},
): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? slackSignature(secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
  return fetch(url, { method: 'POST', headers, body });
}

export interface Who {
  teamId: string;
  userId: string;
  channelId: string;
}

export function slashCommandBody(who: Who & { text: string; responseUrl: string; command?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: who.teamId,
    team_domain: 'minifig-test',
    channel_id: who.channelId,
    channel_name: 'prices',
    user_id: who.userId,
    user_name: 'collector',
    command: who.command ?? '/minifig',
    text: who.text,
    api_app_id: 'A0000APP01',
    is_enterprise_install: 'false',
    response_url: who.responseUrl,
    trigger_id: `${Date.now()}.1234.abcdef`,
  }).toString();
}

let eventSeq = 0;

/** An Events API `event_callback` around `event`, which gets a fresh `ts` and the user's team. */
function eventCallbackBody(
  who: Who,
  event: Record<string, unknown>,
  envelope: Record<string, unknown> = {},
): string {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++eventSeq).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: who.teamId,
    api_app_id: 'A0000APP01',
    type: 'event_callback',
    event_id: `Ev${String(eventSeq).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    ...envelope,
    event: { ...event, ts, event_ts: ts, team: who.teamId },
  });
}

/** An Events API `event_callback` carrying an app_mention. `text` is as Slack writes it: "<@UBOT> price ...". */
export function mentionEventBody(who: Who & { text: string; botUserId: string; threadTs?: string }): string {
  return eventCallbackBody(
    who,
    {
      type: 'app_mention',
      user: who.userId,
      text: who.text,
      channel: who.channelId,
      ...(who.threadTs ? { thread_ts: who.threadTs } : {}),
    },
    {
      authorizations: [
        { team_id: who.teamId, user_id: who.botUserId, is_bot: true, is_enterprise_install: false },
      ],
    },
  );
}

/** A message with one file shared in it (`channelType` 'im': a direct message to the bot). */
export function fileShareEventBody(
  who: Who & { text: string; file: { name: string; size: number; url: string }; channelType?: string },
): string {
  const { file } = who;
  return eventCallbackBody(who, {
    type: 'message',
    subtype: 'file_share',
    channel_type: who.channelType ?? 'im',
    user: who.userId,
    channel: who.channelId,
    text: who.text,
    files: [
      { id: `F${eventSeq + 1}`, name: file.name, size: file.size, url_private: file.url, filetype: 'xml' },
    ],
  });
}

/** An interactivity `block_actions` payload for a click on `button` (as rendered in a message). */
export function blockActionsBody(
  who: Who & {
    responseUrl: string;
    button: { action_id: string; value: string; text: { text: string } };
    messageTs?: string;
  },
): string {
  const messageTs = who.messageTs ?? `${Math.floor(Date.now() / 1000)}.000100`;
  const payload = {
    type: 'block_actions',
    user: { id: who.userId, username: 'collector', name: 'collector', team_id: who.teamId },
    api_app_id: 'A0000APP01',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: who.channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.5678.fedcba`,
    team: { id: who.teamId, domain: 'minifig-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: who.channelId, name: 'prices' },
    message: { type: 'message', ts: messageTs, text: 'a reply' },
    response_url: who.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: who.button.action_id,
        block_id: 'blk',
        text: { type: 'plain_text', text: who.button.text.text, emoji: false },
        value: who.button.value,
        action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
