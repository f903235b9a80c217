/**
 * Discord's message limits (discord.com/developers/docs/resources/message#embed-object-embed-limits
 * and .../components/reference). Discord refuses a whole message with 400 "Invalid Form Body" when
 * one is exceeded, so the renderer truncates to them itself, visibly ("…"), rather than losing the
 * reply. Lengths are counted in UTF-16 units (JavaScript's `.length`), never less than Discord's count.
 */

/** All text in all embeds of one message: titles, descriptions, field names and values, footers, authors. */
export const DISCORD_MAX_EMBED_TOTAL = 6_000;
/** Fields in one embed. */
export const DISCORD_MAX_FIELDS = 25;
export const DISCORD_MAX_TITLE = 256;
export const DISCORD_MAX_DESCRIPTION = 4_096;
export const DISCORD_MAX_FIELD_NAME = 256;
export const DISCORD_MAX_FIELD_VALUE = 1_024;
export const DISCORD_MAX_FOOTER = 2_048;
export const DISCORD_MAX_AUTHOR_NAME = 256;
/** A message's plain `content`. */
export const DISCORD_MAX_CONTENT = 2_000;

/** Action rows in one message, and buttons in one row. */
export const DISCORD_MAX_ACTION_ROWS = 5;
export const DISCORD_MAX_BUTTONS_PER_ROW = 5;
export const DISCORD_MAX_BUTTON_LABEL = 80;
/** A button's custom_id carries the command its click runs. */
export const DISCORD_MAX_CUSTOM_ID = 100;

/** Choices in one autocomplete answer; names and values of one choice. */
export const DISCORD_MAX_AUTOCOMPLETE_CHOICES = 25;
export const DISCORD_MAX_CHOICE_NAME = 100;
export const DISCORD_MAX_CHOICE_VALUE = 100;

/** Discord's `nonce` on a message: at most 25 characters. */
export const DISCORD_MAX_NONCE = 25;
