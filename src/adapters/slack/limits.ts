/**
 * Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit). Slack rejects a whole
 * message with `invalid_blocks` when one of them is exceeded, so the renderer truncates to them
 * itself, visibly, rather than losing the reply.
 */

/** Blocks in one message. */
export const SLACK_MAX_BLOCKS = 50;
/** Characters in a section block's `text`. */
export const SLACK_MAX_SECTION_TEXT = 3_000;
/** Text objects in a section block's `fields`. */
export const SLACK_MAX_SECTION_FIELDS = 10;
/** Characters in one section field. */
export const SLACK_MAX_FIELD_TEXT = 2_000;
/** Elements (buttons) in one actions block. */
export const SLACK_MAX_ACTIONS_ELEMENTS = 25;
/** Characters in a header block's text. */
export const SLACK_MAX_HEADER_TEXT = 150;
/** Characters in one context element's text (the general text-object ceiling). */
export const SLACK_MAX_CONTEXT_TEXT = 3_000;
/** Characters in a button's label. */
export const SLACK_MAX_BUTTON_TEXT = 75;
/** Characters in a button's `value` (it carries the command the click runs). */
export const SLACK_MAX_BUTTON_VALUE = 2_000;
/** Characters in an `action_id`. */
export const SLACK_MAX_ACTION_ID = 255;
/** Characters in an image element's `alt_text` and `image_url`. */
export const SLACK_MAX_IMAGE_ALT = 2_000;
export const SLACK_MAX_IMAGE_URL = 3_000;
/**
 * The top-level `text` of a message. Slack truncates past 40,000 characters, but with blocks the
 * text is only the notification and fallback, where Slack advises staying under 4,000.
 */
export const SLACK_MAX_FALLBACK_TEXT = 4_000;
