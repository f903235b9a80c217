/**
 * Reply -> Slack message, a PURE function: Block Kit blocks plus the `text` fallback that Slack
 * shows in notifications. All reply text is plain (see core/reply.ts), so it goes into plain_text
 * objects, which Slack never interprets; only tables use mrkdwn, as an escaped code block.
 * Every Block Kit limit in limits.ts is enforced here, visibly ("…"), so Slack never refuses a reply.
 */
import type { types } from '@slack/bolt';
import { formatInvocation } from '../../core/parse-text.js';
import type { ActionsBlock, Block, FieldsBlock, Reply, ReplyImage, Tone } from '../../core/reply.js';
import {
  SLACK_MAX_ACTION_ID,
  SLACK_MAX_ACTIONS_ELEMENTS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_BUTTON_VALUE,
  SLACK_MAX_CONTEXT_TEXT,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_IMAGE_ALT,
  SLACK_MAX_IMAGE_URL,
  SLACK_MAX_SECTION_FIELDS,
  SLACK_MAX_SECTION_TEXT,
} from './limits.js';
import { renderTable } from './render-table.js';
import { escapeMrkdwn, nonEmpty, truncateText } from './slack-text.js';

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification and fallback text (mrkdwn-escaped). */
  text: string;
  blocks: SlackBlock[];
  /** Shown only to the person who asked. */
  ephemeral: boolean;
  /** A chart to upload with files.uploadV2 next to the message. */
  file?: SlackFile;
}

export interface SlackFile {
  data: Uint8Array;
  filename: string;
  title: string;
  altText: string;
}

/** Buttons carry this prefix in their action_id; the app routes block_actions on it. */
export const ACTION_ID_PREFIX = 'minifig:';

/** Tone has no colour in Block Kit, so it becomes an emoji before the title (or the first text). */
export const TONE_EMOJI: Record<Tone, string> = {
  neutral: '',
  info: 'ℹ️',
  positive: '🟢',
  negative: '🔴',
  warning: '⚠️',
  error: '❌',
};

export function render(reply: Reply): SlackMessage {
  const emoji = TONE_EMOJI[reply.tone ?? 'neutral'];
  const prefix = emoji ? `${emoji} ` : '';
  const top: SlackBlock[] = [];
  if (reply.title) top.push({ type: 'header', text: plain(reply.title, SLACK_MAX_HEADER_TEXT, prefix) });
  const notes = contextNotes(reply);
  if (notes) top.push(notes);

  let body = reply.blocks.flatMap((block, i) => renderBlock(block, i));
  if (body.length === 0 && !reply.title) body = [section(reply.summary)];
  if (!reply.title && prefix) body = prefixFirstText(body, prefix);
  if (reply.thumbnail) body = withThumbnail(body, reply.thumbnail);

  const bottom: SlackBlock[] = reply.footer
    ? [{ type: 'context', elements: [plain(reply.footer, SLACK_MAX_CONTEXT_TEXT)] }]
    : [];
  const room = SLACK_MAX_BLOCKS - top.length - bottom.length;
  if (body.length > room) {
    const hidden = body.length - (room - 1);
    body = [
      ...body.slice(0, room - 1),
      { type: 'context', elements: [plain(`… ${hidden} more blocks not shown`, SLACK_MAX_CONTEXT_TEXT)] },
    ];
  }
  return {
    text: fallbackText(reply),
    blocks: [...top, ...body, ...bottom],
    ephemeral: reply.ephemeral === true,
    ...(reply.image ? { file: fileOf(reply.image) } : {}),
  };
}

function renderBlock(block: Block, index: number): SlackBlock[] {
  switch (block.type) {
    case 'text':
      return block.text.trim() === '' ? [] : [section(block.text)];
    case 'fields':
      return renderFields(block);
    case 'table':
      return [{ type: 'section', text: { type: 'mrkdwn', text: renderTable(block), verbatim: true } }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return renderActions(block, index);
  }
}

/** Ten fields per section: more fields continue in the next section rather than being dropped. */
function renderFields(block: FieldsBlock): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < block.fields.length; i += SLACK_MAX_SECTION_FIELDS) {
    const fields = block.fields.slice(i, i + SLACK_MAX_SECTION_FIELDS).map((f) => {
      const label = f.label.trim();
      return plain(label ? `${label}\n${nonEmpty(f.value)}` : nonEmpty(f.value), SLACK_MAX_FIELD_TEXT);
    });
    if (fields.length > 0) out.push({ type: 'section', fields });
  }
  return out;
}

function renderActions(block: ActionsBlock, index: number): SlackBlock[] {
  const elements: types.Button[] = [];
  for (const [i, button] of block.buttons.entries()) {
    const value = formatInvocation(button.invocation);
    // A command cut short would run something else: a button whose command does not fit is left out.
    if (value.length > SLACK_MAX_BUTTON_VALUE) continue;
    elements.push({
      type: 'button',
      action_id: `${ACTION_ID_PREFIX}${index}:${i}`.slice(0, SLACK_MAX_ACTION_ID),
      text: plain(button.label, SLACK_MAX_BUTTON_TEXT),
      value,
      ...(button.style === 'primary' ? { style: 'primary' as const } : {}),
    });
    if (elements.length === SLACK_MAX_ACTIONS_ELEMENTS) break;
  }
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

/** The label ("demo data") and the title's link, in one context block right under the header. */
function contextNotes(reply: Reply): types.ContextBlock | undefined {
  const elements: types.ContextBlockElement[] = [];
  if (reply.label) elements.push(plain(`⚠️ ${reply.label}`, SLACK_MAX_CONTEXT_TEXT));
  const link = reply.url ? linkTo(reply.url) : undefined;
  if (link) elements.push({ type: 'mrkdwn', text: link });
  return elements.length > 0 ? { type: 'context', elements } : undefined;
}

/** `<url|host>`; only http(s) URLs short enough to be sent whole are linked. */
function linkTo(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:'].includes(parsed.protocol) || url.length > SLACK_MAX_IMAGE_URL) return undefined;
    return `<${parsed.href.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${escapeMrkdwn(parsed.hostname)}>`;
  } catch {
    return undefined;
  }
}

function withThumbnail(body: SlackBlock[], thumb: NonNullable<Reply['thumbnail']>): SlackBlock[] {
  if (!/^https?:\/\//.test(thumb.url) || thumb.url.length > SLACK_MAX_IMAGE_URL) return body;
  const image = {
    type: 'image' as const,
    image_url: thumb.url,
    alt_text: truncateText(nonEmpty(thumb.alt), SLACK_MAX_IMAGE_ALT),
  };
  const first = body.findIndex((b) => b.type === 'section');
  if (first === -1) return [image, ...body];
  return body.map((b, i) => (i === first ? { ...(b as types.SectionBlock), accessory: image } : b));
}

function prefixFirstText(body: SlackBlock[], prefix: string): SlackBlock[] {
  const first = body.findIndex((b) => b.type === 'section' && b.text?.type === 'plain_text');
  if (first === -1) return body;
  const block = body[first] as types.SectionBlock;
  const text = block.text?.text ?? '';
  return body.map((b, i) =>
    i === first ? { ...block, text: plain(text, SLACK_MAX_SECTION_TEXT, prefix) } : b,
  );
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: plain(text, SLACK_MAX_SECTION_TEXT) };
}

/** A plain_text object cut to `max` with its prefix included; emoji shortcodes in data stay literal. */
function plain(text: string, max: number, prefix = ''): types.PlainTextElement {
  return { type: 'plain_text', text: truncateText(prefix + nonEmpty(text), max), emoji: false };
}

function fallbackText(reply: Reply): string {
  const label = reply.label ? `[${reply.label}] ` : '';
  return truncateText(escapeMrkdwn(label + nonEmpty(reply.summary)), SLACK_MAX_FALLBACK_TEXT);
}

function fileOf(image: ReplyImage): SlackFile {
  const altText = truncateText(nonEmpty(image.alt), SLACK_MAX_IMAGE_ALT);
  return { data: image.data, filename: image.filename, title: altText, altText };
}
