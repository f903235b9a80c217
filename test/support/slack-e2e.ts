/**
 * The one Slack end-to-end harness: a fake Slack on 127.0.0.1, the real Bolt app (or the whole
 * service, started elsewhere) at `url`, and what a person does there: a slash command, a mention,
 * a button click, each signed the Slack way, with what came back.
 *
 * - `startSlackE2E({ dispatcher })` starts the fake Slack and the real adapter on port 0, in
 *   single-token mode unless `slack` overrides the config (OAuth mode).
 * - `new SlackE2E(fake, url, secret)` drives a service started by other means (`minifig start`).
 */
import type { types } from '@slack/bolt';
import { pino } from 'pino';
import { expect } from 'vitest';
import { type SlackHandle, type StartSlackOptions, startSlack } from '../../src/adapters/slack/index.js';
import type { Config } from '../../src/config.js';
import type { Dispatcher } from '../../src/core/dispatch.js';
import { FakeSlack, type FakeSlackCall } from './fakes/fake-slack.js';
import {
  blockActionsBody,
  mentionEventBody,
  postSigned,
  type SignedPostOptions,
  slashCommandBody,
  type Who,
} from './fakes/slack-requests.js';

export const SLACK_E2E_SECRET = 'slack-e2e-signing-secret';
export const SLACK_EVENTS = '/slack/events';

/** Where things happen on Slack: a workspace, a person, a channel. */
export type SlackWho = Who;

export class SlackE2E {
  constructor(
    readonly fake: FakeSlack,
    /** The app's Slack request URL (…/slack/events). */
    public url: string,
    readonly secret: string = SLACK_E2E_SECRET,
  ) {}

  /** POSTs a body to the request URL as Slack would, signed. */
  post(
    body: string,
    contentType: 'application/x-www-form-urlencoded' | 'application/json' = 'application/json',
    opts?: SignedPostOptions,
  ): Promise<Response> {
    return postSigned(this.url, this.secret, body, contentType, opts);
  }

  /** `/minifig <text>` from `who`: what arrived at its response_url. */
  async slash(who: SlackWho, text: string, timeoutMs?: number): Promise<FakeSlackCall> {
    const responseUrl = this.fake.responseUrl();
    const res = await this.post(
      slashCommandBody({ ...who, text, responseUrl }),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    return this.fake.waitFor('response', (c) => c.id === responseId(responseUrl), timeoutMs);
  }

  /** A click on `button` of a reply `who` got: what arrived at its response_url. */
  async click(who: SlackWho, button: types.Button): Promise<FakeSlackCall> {
    const responseUrl = this.fake.responseUrl();
    const body = blockActionsBody({
      ...who,
      responseUrl,
      button: { action_id: button.action_id ?? '', value: button.value ?? '', text: button.text },
    });
    expect((await this.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    return this.fake.waitFor('response', (c) => c.id === responseId(responseUrl));
  }

  /** `@minifig <text>` in a channel: the message the app posted back. */
  async mention(who: SlackWho, text: string): Promise<FakeSlackCall> {
    const before = new Set(this.fake.callsTo('chat.postMessage'));
    const body = mentionEventBody({
      ...who,
      botUserId: this.fake.botUserId,
      text: `<@${this.fake.botUserId}> ${text}`,
    });
    expect((await this.post(body)).status).toBe(200);
    return this.fake.waitFor('chat.postMessage', (c) => !before.has(c));
  }
}

/** The id the fake Slack gives a response_url (its calls are matched by it). */
export function responseId(responseUrl: string): string {
  return new URL(responseUrl).pathname.split('/')[3] ?? '';
}

type SlackConfigPart = Partial<NonNullable<Config['slack']>>;

export interface StartSlackE2EOptions {
  dispatcher: Dispatcher;
  secret?: string;
  /**
   * Replaces parts of the Slack config (adminUserIds; for OAuth mode `oauth` and botToken
   * undefined), given the started fake (its client id and secret).
   */
  slack?: SlackConfigPart | ((fake: FakeSlack) => SlackConfigPart);
  /** Further options of startSlack (an installation store, client options, a log). */
  start?: Partial<Omit<StartSlackOptions, 'config' | 'dispatcher'>>;
  /** Called with the started fake before the app starts (users, failures to answer with). */
  prepare?: (fake: FakeSlack) => void | Promise<void>;
}

/** A started fake Slack and the real Slack adapter on it. */
export class SlackAppE2E extends SlackE2E {
  constructor(
    fake: FakeSlack,
    readonly slack: SlackHandle,
    secret: string,
  ) {
    super(fake, `http://127.0.0.1:${slack.port}${SLACK_EVENTS}`, secret);
  }

  /** The app's base URL (for /slack/install and the like). */
  get base(): string {
    return `http://127.0.0.1:${this.slack.port}`;
  }

  async close(): Promise<void> {
    await this.slack.stop();
    await this.fake.close();
  }
}

export async function startSlackE2E(opts: StartSlackE2EOptions): Promise<SlackAppE2E> {
  const secret = opts.secret ?? SLACK_E2E_SECRET;
  const fake = new FakeSlack();
  await fake.start();
  try {
    await opts.prepare?.(fake);
    const part = typeof opts.slack === 'function' ? opts.slack(fake) : opts.slack;
    const slack = await startSlack({
      config: {
        slack: {
          botToken: fake.token,
          signingSecret: secret,
          apiUrl: fake.apiUrl,
          adminUserIds: [],
          ...part,
        },
        httpPort: 0,
      },
      dispatcher: opts.dispatcher,
      log: pino({ level: 'silent' }),
      clientOptions: { retryConfig: { retries: 0 } },
      ...opts.start,
    });
    return new SlackAppE2E(fake, slack, secret);
  } catch (err) {
    await fake.close();
    throw err;
  }
}
