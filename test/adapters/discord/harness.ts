/**
 * The Discord end-to-end harness: a fake Discord, the real dispatcher with the real commands (or
 * test commands) over in-memory services, and the real adapter (discord.js Client) logged in to it.
 */
import type { APIEmbed } from 'discord.js';
import { pino } from 'pino';
import { commands as realCommands } from '../../../commands/index.js';
import { type DiscordAdapter, startDiscord } from '../../../src/adapters/discord/index.js';
import type { AnyCommand } from '../../../src/core/command.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import type { Deps } from '../../../src/deps.js';
import {
  FakeDiscord,
  type FakeDiscordOptions,
  HTTP_RESPONSE,
  type RecordedCall,
} from '../../support/fakes/fake-discord.js';
import { inMemoryDeps } from './in-memory-deps.js';

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  charts: Uint8Array[];
  /** Log lines the adapter and dispatcher wrote (JSON), to check what was logged and what was not. */
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    deps?: Partial<Deps>;
    fake?: FakeDiscordOptions;
    commands?: readonly AnyCommand[];
    answerAtOnceMs?: number;
  } = {},
): Promise<Harness> {
  const fake = await new FakeDiscord(opts.fake).start();
  const memory = inMemoryDeps(opts.deps);
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const dispatcher = createDispatcher({
    commands: opts.commands ?? realCommands,
    deps: () => memory.deps,
    log,
  });
  const adapter = await startDiscord({
    config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    dispatcher,
    log,
    answerAtOnceMs: opts.answerAtOnceMs,
  });
  await fake.gateway.waitForReady();
  return {
    fake,
    adapter,
    charts: memory.charts,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

const ORIGINAL = 'PATCH /webhooks/:app/:token/messages/@original';
const FOLLOWUP = 'POST /webhooks/:app/:token';

const CALLBACK = 'POST /interactions/:id/:token/callback';

/**
 * The call that completes the answer to an interaction: a reply sent as the callback itself or as
 * the HTTP response (type 4, its `data` given as `json`), or, after a deferral, the edited reply or
 * an (ephemeral) follow-up.
 */
export async function answerTo(fake: FakeDiscord, token: string): Promise<RecordedCall> {
  const call = await fake.waitForCall(
    (c) =>
      c.params.token === token &&
      c.status < 300 &&
      (c.route === ORIGINAL ||
        c.route === FOLLOWUP ||
        ((c.route === CALLBACK || c.route === HTTP_RESPONSE) && c.json?.type === 4)),
  );
  return call.route === CALLBACK || call.route === HTTP_RESPONSE
    ? { ...call, json: call.json?.data as Record<string, unknown> }
    : call;
}

/** Every call made for one interaction (by its id or token), in order. */
export function callsFor(fake: FakeDiscord, interaction: { id: string; token: string }): RecordedCall[] {
  return fake.calls.filter((c) => c.params.id === interaction.id || c.params.token === interaction.token);
}

/** Discord's view of escaped markdown: what the user reads. */
export function shown(text: string | undefined): string {
  return (text ?? '').replace(/\\(.)/gs, '$1');
}

/** The (single) embed of a recorded message body. */
export function embedOf(body: Record<string, unknown> | undefined): APIEmbed {
  const embed = (body?.embeds as APIEmbed[] | undefined)?.[0];
  if (!embed) throw new Error('the message has no embed');
  return embed;
}

/** The buttons of a recorded message body, row after row. */
export function buttonsOf(body: Record<string, unknown> | undefined): { label: string; custom_id: string }[] {
  const rows = (body?.components ?? []) as { components: { label: string; custom_id: string }[] }[];
  return rows.flatMap((row) => row.components);
}

/** The choices of a recorded autocomplete answer. */
export function choicesOf(call: RecordedCall): { name: string; value: string }[] {
  const data = call.json?.data as { choices?: { name: string; value: string }[] } | undefined;
  if (!data?.choices) throw new Error('not an autocomplete answer');
  return data.choices;
}
