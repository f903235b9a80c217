/**
 * Slash commands ahead of Bolt. Bolt's HTTP receiver runs every request through its buffering,
 * parsing, authorization and middleware chain before a listener may ack; under load that was a
 * sixth of the process's CPU and kept acks waiting behind replies in progress. A slash command
 * needs none of it: this listener reads the form body, checks Slack's signature and timestamp
 * itself, acks with an empty 200, and only then hands the command over. Everything else (events,
 * buttons, OAuth, ssl_check) goes on to Bolt with the body it has already read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../http/read-body.js';
import { MAX_CLOCK_SKEW_SEC } from './request-timestamp.js';

/** The fields of a slash command this app reads (Slack sends more). */
export interface SlashCommand {
  command: string;
  text: string;
  user_id: string;
  team_id: string;
  channel_id: string;
  response_url: string;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Slash commands are a few hundred bytes; Bolt's own default limit is far above any of them. */
const MAX_BODY_BYTES = 100_000;

/** Whether `signature` is Slack's `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` under `secret`. */
export function isSignedBySlack(
  secret: string,
  headers: IncomingMessage['headers'],
  body: string,
  nowMs: number,
): boolean {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    return false;
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SEC) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SlashReceiverOptions {
  path: string;
  signingSecret: string;
  /** Runs after the ack has been written; must not throw. */
  onCommand(command: SlashCommand): void;
  /** Every other request, with the body already read into `rawBody` (Bolt reads it from there). */
  next: Listener;
  onRefused?: () => void;
  now?: () => number;
}

export function slashCommandsFirst(opts: SlashReceiverOptions): Listener {
  const now = opts.now ?? Date.now;
  return (req, res) => {
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (req.method !== 'POST' || !form || (req.url ?? '').split('?')[0] !== opts.path) {
      opts.next(req, res);
      return;
    }
    readBody(req, MAX_BODY_BYTES).then(
      (raw) => {
        const body = raw.toString('utf8');
        const fields = new URLSearchParams(body);
        const command = fields.get('command');
        if (!command || fields.has('payload') || fields.get('ssl_check') === '1') {
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
          opts.next(req, res);
          return;
        }
        if (!isSignedBySlack(opts.signingSecret, req.headers, body, now())) {
          opts.onRefused?.();
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200).end();
        opts.onCommand({
          command,
          text: fields.get('text') ?? '',
          user_id: fields.get('user_id') ?? '',
          team_id: fields.get('team_id') ?? '',
          channel_id: fields.get('channel_id') ?? '',
          response_url: fields.get('response_url') ?? '',
        });
      },
      () => {
        if (!res.headersSent) res.writeHead(413).end();
      },
    );
  };
}
