import { randomBytes } from 'node:crypto';

/** Discord's epoch (2015-01-01) in milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake id: timestamp since Discord's epoch in the high bits, as Discord makes them. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Interaction types (discord.com/developers/docs/interactions/receiving-and-responding#interaction-object). */
export const INTERACTION = {
  PING: 1,
  APPLICATION_COMMAND: 2,
  MESSAGE_COMPONENT: 3,
  AUTOCOMPLETE: 4,
} as const;

/** Application command option types. */
export const OPTION = { SUB_COMMAND: 1, STRING: 3, INTEGER: 4, BOOLEAN: 5, NUMBER: 10 } as const;

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
}

export function apiUser(id = snowflake(), username = 'collector'): ApiUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null };
}

/** An option as Discord delivers it in `data.options`. */
export interface ApiOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ApiOption[];
}

/** Where an interaction happens: a guild text channel (default) or the bot's DM with the user. */
export interface Place {
  guildId?: string;
  channelId?: string;
  user?: ApiUser;
  /** Member permissions in the guild, a decimal bitfield string (default: Administrator). */
  permissions?: string;
  dm?: boolean;
}

const ALL_PERMISSIONS = '2251799813685247';

/** The fields every interaction carries, for a guild channel or a DM (both shapes as Discord sends them). */
function base(type: number, place: Place, applicationId: string): Record<string, unknown> {
  const user = place.user ?? apiUser();
  const common = {
    id: snowflake(),
    application_id: applicationId,
    type,
    token: `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`,
    version: 1,
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (place.dm) {
    const channelId = place.channelId ?? snowflake();
    return {
      ...common,
      user,
      channel_id: channelId,
      channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] },
      authorizing_integration_owners: {},
      context: 1,
    };
  }
  const guildId = place.guildId ?? snowflake();
  const channelId = place.channelId ?? snowflake();
  return {
    ...common,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel_id: channelId,
    channel: {
      id: channelId,
      type: 0,
      guild_id: guildId,
      name: 'prices',
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      topic: null,
      flags: 0,
    },
    member: {
      user,
      roles: [],
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      communication_disabled_until: null,
      permissions: place.permissions ?? ALL_PERMISSIONS,
    },
    authorizing_integration_owners: {},
    context: 0,
  };
}

/** A CHAT_INPUT application command (a slash command) as INTERACTION_CREATE delivers it. */
export function slashCommandInteraction(
  applicationId: string,
  command: { name: string; options?: ApiOption[] },
  place: Place = {},
): Record<string, unknown> {
  return {
    ...base(INTERACTION.APPLICATION_COMMAND, place, applicationId),
    data: {
      id: snowflake(),
      name: command.name,
      type: 1,
      ...(command.options ? { options: command.options } : {}),
    },
  };
}

/** An autocomplete request: the same shape, with `focused: true` on the option being typed. */
export function autocompleteInteraction(
  applicationId: string,
  command: { name: string; options: ApiOption[] },
  place: Place = {},
): Record<string, unknown> {
  return {
    ...base(INTERACTION.AUTOCOMPLETE, place, applicationId),
    data: { id: snowflake(), name: command.name, type: 1, options: command.options },
  };
}

/** A button click on `message` (a message object as the fake returned it). */
export function buttonInteraction(
  applicationId: string,
  customId: string,
  message: Record<string, unknown>,
  place: Place = {},
): Record<string, unknown> {
  const channelId = place.channelId ?? (message.channel_id as string | undefined);
  return {
    ...base(INTERACTION.MESSAGE_COMPONENT, { ...place, ...(channelId ? { channelId } : {}) }, applicationId),
    data: { custom_id: customId, component_type: 2 },
    message,
  };
}
