/**
 * The neutral reply every command returns, and every adapter renders with a PURE function
 * `render(reply)` (Discord: embed + attachment + action rows; Slack: Block Kit + `text`; console:
 * plain text). Builders in src/replies/ make these from domain data, for commands and for the
 * notifier alike, so a price looks the same in a reply and in an alert.
 *
 * Rules for renderers:
 * - All text is PLAIN text: no Markdown, no mrkdwn. A renderer escapes whatever its platform would
 *   interpret (`*`, `_`, `<`, backticks...). Emphasis is expressed by structure (title, fields).
 * - `summary` is always present: the notification / fallback text (Slack `text`, Discord push).
 * - `label`, when set (e.g. "demo data"), must be visible in every rendering, near the top.
 * - Each renderer owns named limit constants (embed 6,000 characters and 25 fields, Slack 50
 *   blocks and 3,000 characters per section...) and truncates to them with a visible "…".
 * - `image` is a rendered PNG (a chart) to attach or upload; `thumbnail` is a URL to show small.
 * - An `actions` block's buttons each carry an Invocation; render it to the platform's button id
 *   with `formatInvocation` (parse-text.ts) and parse it back with `parseText` on click.
 * - `ephemeral` replies are shown only to the person who asked (errors are always ephemeral).
 */
import type { Invocation } from './command.js';

/** Colour or emphasis hint: Discord maps it to the embed colour, Slack to an emoji, console to a prefix. */
export type Tone = 'neutral' | 'info' | 'positive' | 'negative' | 'warning' | 'error';

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface Field {
  label: string;
  value: string;
  /** Side by side with its neighbours where the platform can (Discord inline fields, Slack section fields). */
  inline?: boolean;
}
export interface FieldsBlock {
  type: 'fields';
  fields: Field[];
}

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}
/** Rendered monospaced; every row has one cell per column. */
export interface TableBlock {
  type: 'table';
  columns: TableColumn[];
  rows: string[][];
}

export interface DividerBlock {
  type: 'divider';
}

export interface Button {
  label: string;
  /** What clicking runs: dispatched like a typed command by the same user in the same place. */
  invocation: Invocation;
  style?: 'primary' | 'secondary';
}
export interface ActionsBlock {
  type: 'actions';
  buttons: Button[];
}

export type Block = TextBlock | FieldsBlock | TableBlock | DividerBlock | ActionsBlock;

/** A chart (PNG, shown in the reply) or a file to download (an export, attached as it is). */
export interface ReplyImage {
  /** The file's bytes: PNG for a chart. */
  data: Uint8Array;
  /** File name for the attachment / upload, e.g. "sw0001-90d.png". */
  filename: string;
  /** Alternative text, also used as the Slack image title. */
  alt: string;
}

export interface Reply {
  title?: string;
  /** Where the title links to (e.g. the figure's BrickLink catalogue page). */
  url?: string;
  summary: string;
  tone?: Tone;
  /** A short label that must be visible in every rendering, e.g. "demo data". */
  label?: string;
  thumbnail?: { url: string; alt: string };
  blocks: Block[];
  footer?: string;
  image?: ReplyImage;
  ephemeral?: boolean;
}

/** A one-line reply, e.g. an error or a confirmation. */
export function simpleReply(summary: string, opts: Partial<Omit<Reply, 'summary'>> = {}): Reply {
  return { summary, blocks: [{ type: 'text', text: summary }], ...opts };
}
