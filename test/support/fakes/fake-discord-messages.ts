import type { RecordedFile, Route, RouteRequest, RouteResult } from './fake-discord.js';
import { INTERACTION, snowflake } from './fake-discord-payloads.js';
import { autocompleteProblems, messageBodyProblems } from './fake-discord-validate.js';

type Json = Record<string, unknown>;

/** A message as the fake stores and returns it (the fields discord.js's Message reads). */
export interface FakeMessage extends Json {
  id: string;
  channel_id: string;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: (Json & { id: string; filename: string; size: number })[];
  flags: number;
  nonce?: string | number;
}

export interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  receivedAt: number;
  /** The callback's `type` once answered (4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 choices). */
  responseType?: number;
  /** The reply (or, for a component interaction, the message the component is on). */
  original?: FakeMessage;
  originalDeleted: boolean;
  followups: FakeMessage[];
  /** Autocomplete choices as answered. */
  choices?: Json[];
}

export interface FakeMessages {
  routes: Route[];
  interactions: Map<string, FakeInteraction>;
  /** Messages created by `POST /channels/:channel/messages`, per channel. */
  channelMessages: Map<string, FakeMessage[]>;
  /** DM channel id per user id, created by `POST /users/@me/channels`. */
  dmChannels: Map<string, string>;
  /** Users whose DMs are closed: posting to their DM channel gets 403 (50007). */
  closedDms: Set<string>;
  /** Channels that do not exist: posting to them gets 404 (10003). */
  unknownChannels: Set<string>;
  /** The bytes of every uploaded attachment, by attachment id. */
  attachmentData: Map<string, Buffer>;
  /** Registered commands: `global`, and per guild id. */
  commands: { global: Json[] | undefined; guilds: Map<string, Json[]> };
  /** Starts the 3-second clock for an interaction about to be dispatched. */
  track(payload: Json): FakeInteraction;
  /** An HTTP interaction's response body, taken as Discord takes the callback endpoint's. */
  answer(interaction: FakeInteraction, response: Json): RouteResult;
}

const EPHEMERAL = 64;
/** Nonces dedupe messages for "a few minutes" (Discord's docs); the fake uses 5. */
const NONCE_WINDOW_MS = 5 * 60_000;

const error = (status: number, code: number, message: string, errors?: unknown): RouteResult => ({
  status,
  body: { message, code, ...(errors ? { errors } : {}) },
});
const invalidForm = (problems: string[]) => error(400, 50035, 'Invalid Form Body', { problems });

export function createMessageRoutes(opts: {
  applicationId: string;
  botUser: Json;
  interactionWindowMs: number;
}): FakeMessages {
  const state: FakeMessages = {
    routes: [],
    interactions: new Map(),
    channelMessages: new Map(),
    dmChannels: new Map(),
    closedDms: new Set(),
    unknownChannels: new Set(),
    attachmentData: new Map(),
    commands: { global: undefined, guilds: new Map() },
    track(payload) {
      const interaction: FakeInteraction = {
        id: payload.id as string,
        token: payload.token as string,
        type: payload.type as number,
        channelId: (payload.channel_id as string) ?? '',
        receivedAt: Date.now(),
        originalDeleted: false,
        followups: [],
      };
      if (interaction.type === INTERACTION.MESSAGE_COMPONENT)
        interaction.original = payload.message as FakeMessage;
      state.interactions.set(interaction.id, interaction);
      return interaction;
    },
    answer: () => ({ status: 500 }),
  };

  state.answer = (interaction, response) =>
    callback({
      method: 'POST',
      params: { id: interaction.id, token: interaction.token },
      query: new URLSearchParams(),
      headers: {},
      json: response,
      files: [],
    });

  const byToken = (app: string, token: string) =>
    app === opts.applicationId ? [...state.interactions.values()].find((i) => i.token === token) : undefined;

  const makeMessage = (
    channelId: string,
    req: RouteRequest,
    type: number,
    previous?: FakeMessage,
  ): FakeMessage => {
    const json = req.json ?? {};
    const kept = previous ? keptAttachments(previous, json.attachments) : [];
    return {
      id: previous?.id ?? snowflake(),
      type,
      channel_id: channelId,
      author: opts.botUser,
      application_id: opts.applicationId,
      webhook_id: type === 20 ? opts.applicationId : undefined,
      content: typeof json.content === 'string' ? json.content : (previous?.content ?? ''),
      embeds: Array.isArray(json.embeds) ? (json.embeds as Json[]) : (previous?.embeds ?? []),
      components: Array.isArray(json.components) ? (json.components as Json[]) : (previous?.components ?? []),
      attachments: [...kept, ...newAttachments(req.files, state.attachmentData)],
      flags: typeof json.flags === 'number' ? json.flags : (previous?.flags ?? 0),
      timestamp: previous?.timestamp ?? new Date().toISOString(),
      edited_timestamp: previous ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(json.nonce !== undefined ? { nonce: json.nonce as string } : {}),
    };
  };

  const callback = (req: RouteRequest): RouteResult => {
    const interaction = state.interactions.get(req.params.id ?? '');
    if (!interaction || interaction.token !== req.params.token)
      return error(404, 10062, 'Unknown interaction');
    if (Date.now() - interaction.receivedAt > opts.interactionWindowMs)
      return error(404, 10062, 'Unknown interaction');
    if (interaction.responseType !== undefined) {
      return error(400, 40060, 'Interaction has already been acknowledged.');
    }
    const type = req.json?.type as number;
    const data = (req.json?.data ?? {}) as Json;
    const allowed =
      interaction.type === INTERACTION.AUTOCOMPLETE
        ? [8]
        : interaction.type === INTERACTION.MESSAGE_COMPONENT
          ? [4, 5, 6, 7]
          : [4, 5];
    if (!allowed.includes(type)) return invalidForm([`type: ${type} is not valid for this interaction`]);
    const problems =
      type === 8 ? autocompleteProblems(data) : type === 4 || type === 7 ? messageBodyProblems(data) : [];
    if (problems.length > 0) return invalidForm(problems);
    interaction.responseType = type;
    if (type === 8) interaction.choices = (data.choices ?? []) as Json[];
    if (type === 4 || type === 5) {
      const loading =
        type === 5 ? { ...req, json: { flags: data.flags ?? 0 }, files: [] } : { ...req, json: data };
      interaction.original = makeMessage(interaction.channelId, loading, 20);
    }
    if (type === 7 && interaction.original) {
      interaction.original = makeMessage(
        interaction.channelId,
        { ...req, json: data },
        0,
        interaction.original,
      );
    }
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
          response_message_id: interaction.original?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: ((interaction.original?.flags ?? 0) & EPHEMERAL) !== 0,
        },
        resource: { type, ...(interaction.original && type !== 8 ? { message: interaction.original } : {}) },
      },
    };
  };

  const webhookOriginal = (req: RouteRequest): RouteResult => {
    const interaction = byToken(req.params.app ?? '', req.params.token ?? '');
    if (!interaction) return error(404, 10015, 'Unknown Webhook');
    const original = interaction.original;
    if (!original || interaction.originalDeleted || interaction.responseType === undefined) {
      return error(404, 10008, 'Unknown Message');
    }
    if (req.method === 'GET') return { status: 200, body: original };
    if (req.method === 'DELETE') {
      interaction.originalDeleted = true;
      return { status: 204 };
    }
    const problems = messageBodyProblems(req.json ?? {});
    if (problems.length > 0) return invalidForm(problems);
    // Editing cannot change whether a message is ephemeral: flags other than SUPPRESS_EMBEDS are ignored.
    const edited = makeMessage(original.channel_id, req, original.type as number, original);
    edited.flags = original.flags;
    interaction.original = edited;
    return { status: 200, body: edited };
  };

  const followup = (req: RouteRequest): RouteResult => {
    const interaction = byToken(req.params.app ?? '', req.params.token ?? '');
    if (!interaction) return error(404, 10015, 'Unknown Webhook');
    if (interaction.responseType === undefined) return error(404, 10015, 'Unknown Webhook');
    const problems = messageBodyProblems(req.json ?? {});
    if (problems.length > 0) return invalidForm(problems);
    const message = makeMessage(interaction.channelId, req, 20);
    interaction.followups.push(message);
    return { status: 200, body: message };
  };

  const openDm = (req: RouteRequest): RouteResult => {
    const userId = req.json?.recipient_id;
    if (typeof userId !== 'string') return invalidForm(['recipient_id: required']);
    let channelId = state.dmChannels.get(userId);
    if (!channelId) {
      channelId = snowflake();
      state.dmChannels.set(userId, channelId);
    }
    const recipient = {
      id: userId,
      username: 'collector',
      discriminator: '0',
      global_name: null,
      avatar: null,
    };
    return {
      status: 200,
      body: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [recipient] },
    };
  };

  const createMessage = (req: RouteRequest): RouteResult => {
    const channelId = req.params.channel ?? '';
    if (state.unknownChannels.has(channelId)) return error(404, 10003, 'Unknown Channel');
    const dmUser = [...state.dmChannels.entries()].find(([, id]) => id === channelId)?.[0];
    if (dmUser && state.closedDms.has(dmUser)) return error(403, 50007, 'Cannot send messages to this user');
    const json = req.json ?? {};
    const nonce = json.nonce;
    if (typeof nonce === 'string' && nonce.length > 25) return invalidForm(['nonce: longer than 25']);
    const empty = !json.content && !(json.embeds as unknown[])?.length && req.files.length === 0;
    if (empty) return error(400, 50006, 'Cannot send an empty message');
    const problems = messageBodyProblems(json);
    if (problems.length > 0) return invalidForm(problems);
    const messages = state.channelMessages.get(channelId) ?? [];
    if (json.enforce_nonce === true && nonce !== undefined) {
      const cutoff = Date.now() - NONCE_WINDOW_MS;
      const same = messages.find((m) => m.nonce === nonce && Date.parse(m.timestamp as string) >= cutoff);
      if (same) return { status: 200, body: same };
    }
    const message = makeMessage(channelId, req, 0);
    messages.push(message);
    state.channelMessages.set(channelId, messages);
    return { status: 200, body: message };
  };

  const putCommands = (guildId: string | undefined) => (req: RouteRequest) => {
    if (req.params.app !== opts.applicationId) return error(403, 50001, 'Missing Access');
    const body = (req as { json: unknown }).json;
    if (!Array.isArray(body)) return invalidForm(['body: must be an array']);
    const problems = commandProblems(body as Json[]);
    if (problems.length > 0) return invalidForm(problems);
    const stored = (body as Json[]).map((c) => ({
      id: snowflake(),
      application_id: opts.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      type: 1,
      ...c,
      ...(guildId ? { guild_id: guildId } : {}),
    }));
    if (guildId) state.commands.guilds.set(guildId, stored);
    else state.commands.global = stored;
    return { status: 200, body: stored };
  };

  state.routes = [
    { method: 'POST', path: '/interactions/:id/:token/callback', auth: false, handle: callback },
    ...['GET', 'PATCH', 'DELETE'].map((method) => ({
      method,
      path: '/webhooks/:app/:token/messages/@original',
      auth: false,
      handle: webhookOriginal,
    })),
    { method: 'POST', path: '/webhooks/:app/:token', auth: false, handle: followup },
    { method: 'POST', path: '/users/@me/channels', auth: true, handle: openDm },
    { method: 'POST', path: '/channels/:channel/messages', auth: true, handle: createMessage },
    { method: 'PUT', path: '/applications/:app/commands', auth: true, handle: putCommands(undefined) },
    {
      method: 'PUT',
      path: '/applications/:app/guilds/:guild/commands',
      auth: true,
      handle: (req) => putCommands(req.params.guild)(req),
    },
  ];
  return state;
}

/** Attachments an edit keeps: those listed by id in `attachments`, or all when the field is absent. */
function keptAttachments(previous: FakeMessage, listed: unknown): FakeMessage['attachments'] {
  if (!Array.isArray(listed)) return previous.attachments;
  const ids = new Set(listed.map((a) => String((a as Json).id)));
  return previous.attachments.filter((a) => ids.has(a.id));
}

function newAttachments(files: RecordedFile[], store: Map<string, Buffer>): FakeMessage['attachments'] {
  return files.map((f) => {
    const id = snowflake();
    store.set(id, f.data);
    return {
      id,
      filename: f.filename,
      size: f.data.length,
      content_type: f.contentType,
      url: `https://cdn.discordapp.com/attachments/0/${id}/${f.filename}`,
      proxy_url: `https://media.discordapp.net/attachments/0/${id}/${f.filename}`,
    };
  });
}

/** What Discord checks when commands are registered (names, descriptions, option and choice counts). */
function commandProblems(commands: Json[]): string[] {
  const problems: string[] = [];
  const name = /^[-_\p{L}\p{N}]{1,32}$/u;
  if (commands.length > 100) problems.push('more than 100 commands');
  const check = (item: Json, at: string, depth: number) => {
    if (typeof item.name !== 'string' || !name.test(item.name) || item.name !== item.name.toLowerCase()) {
      problems.push(`${at}.name: invalid`);
    }
    const description = item.description;
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
      problems.push(`${at}.description: 1 to 100 characters`);
    }
    const options = Array.isArray(item.options) ? (item.options as Json[]) : [];
    if (options.length > 25) problems.push(`${at}.options: more than 25`);
    let optionalSeen = false;
    options.forEach((o, i) => {
      if (o.type !== 1 && o.type !== 2) {
        if (o.required && optionalSeen) problems.push(`${at}.options.${i}: required after optional`);
        optionalSeen ||= !o.required;
      }
      const choices = Array.isArray(o.choices) ? o.choices : [];
      if (choices.length > 25) problems.push(`${at}.options.${i}.choices: more than 25`);
      if (choices.length > 0 && o.autocomplete) problems.push(`${at}.options.${i}: choices and autocomplete`);
      if (depth < 2) check(o, `${at}.options.${i}`, depth + 1);
    });
  };
  for (const [i, c] of commands.entries()) check(c, `${i}`, 0);
  return problems;
}
