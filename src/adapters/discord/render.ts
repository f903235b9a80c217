/**
 * Reply → Discord message, a PURE function: one embed (tone as its colour), the chart as an
 * attachment shown as the embed's image, and buttons in action rows. Reply text is plain, so it is
 * escaped (discord-text.ts). Every limit in limits.ts is enforced here, visibly ("…", "N more not
 * shown"), because Discord refuses the whole message when one is exceeded.
 *
 * Layout: text, tables and dividers before the first fields block form the description; fields
 * become embed fields; anything after fields becomes a field with a blank name, so the order of the
 * blocks is kept. The `label` (e.g. "demo data") is the embed's author line, above the title.
 */
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIEmbed,
  APIEmbedField,
} from 'discord.js';
import type { ActionsBlock, Block, Reply, Tone } from '../../core/reply.js';
import { encodeCustomId } from './custom-id.js';
import { clip, escapeMarkdown, plain } from './discord-text.js';
import {
  DISCORD_MAX_ACTION_ROWS,
  DISCORD_MAX_AUTHOR_NAME,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
  DISCORD_MAX_DESCRIPTION,
  DISCORD_MAX_EMBED_TOTAL,
  DISCORD_MAX_FIELD_NAME,
  DISCORD_MAX_FIELD_VALUE,
  DISCORD_MAX_FIELDS,
  DISCORD_MAX_FOOTER,
  DISCORD_MAX_TITLE,
} from './limits.js';
import { renderTable } from './render-table.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordFile {
  name: string;
  data: Buffer;
  /** Alternative text (Discord shows it to screen readers). */
  description: string;
}

export interface DiscordMessage {
  /** Plain message text: only set when asked for (notifications), as the push text. */
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  files: DiscordFile[];
  ephemeral: boolean;
}

export interface RenderOptions {
  /** Put the summary in `content` too: a message nobody asked for needs it for the push notification. */
  withContent?: boolean;
}

/** Embed colours (Discord's own palette), so a glance tells good news from bad. */
export const TONE_COLOUR: Record<Tone, number> = {
  neutral: 0x99aab5,
  info: 0x5865f2,
  positive: 0x57f287,
  negative: 0xed4245,
  warning: 0xfee75c,
  error: 0x992d22,
};

/** Field name for fields that only carry text (Discord requires a non-empty name). */
export const BLANK = '\u200b';
export const DIVIDER = '─'.repeat(24);
/** An attachment's description (its alt text) is limited to 1,024 characters. */
const MAX_ALT = 1024;
/** The description is not squeezed below this while fields can still give way. */
const MIN_DESCRIPTION = 200;

export function render(reply: Reply, opts: RenderOptions = {}): DiscordMessage {
  const image = reply.image;
  const fileName = image ? attachmentName(image.filename) : undefined;
  const embed: APIEmbed = {
    color: TONE_COLOUR[reply.tone ?? 'neutral'],
    ...(reply.label ? { author: { name: clip(reply.label, DISCORD_MAX_AUTHOR_NAME) } } : {}),
    ...(reply.title ? { title: plain(reply.title, DISCORD_MAX_TITLE) } : {}),
    ...(reply.url && reply.title ? { url: reply.url } : {}),
    ...(reply.thumbnail ? { thumbnail: { url: reply.thumbnail.url } } : {}),
    // A chart shows inside the embed; another file (an export) is only attached.
    ...(fileName && /\.png$/i.test(fileName) ? { image: { url: `attachment://${fileName}` } } : {}),
    ...(reply.footer ? { footer: { text: clip(reply.footer, DISCORD_MAX_FOOTER) } } : {}),
  };
  layOut(embed, reply);
  return {
    ...(opts.withContent ? { content: plain(reply.summary, DISCORD_MAX_CONTENT) } : {}),
    embeds: [embed],
    components: buttonRows(reply.blocks.filter((b): b is ActionsBlock => b.type === 'actions')),
    files:
      image && fileName
        ? [{ name: fileName, data: Buffer.from(image.data), description: clip(image.alt, MAX_ALT) }]
        : [],
    ephemeral: reply.ephemeral ?? false,
  };
}

/** Total characters Discord counts against DISCORD_MAX_EMBED_TOTAL. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

type Prose = Exclude<Block, { type: 'fields' | 'actions' }>;

/** Description and fields from the blocks, within every per-item limit and the 6,000 total. */
function layOut(embed: APIEmbed, reply: Reply): void {
  const lead: Prose[] = [];
  const fields: (APIEmbedField | Prose)[] = [];
  for (const block of reply.blocks) {
    if (block.type === 'actions') continue;
    if (block.type === 'fields') {
      for (const f of block.fields) {
        fields.push({
          name: orBlank(plain(f.label, DISCORD_MAX_FIELD_NAME)),
          value: orBlank(plain(f.value, DISCORD_MAX_FIELD_VALUE)),
          inline: f.inline ?? false,
        });
      }
    } else if (fields.length === 0) lead.push(block);
    else fields.push(block);
  }
  const all = fields.flatMap((f) => ('type' in f ? proseField(f) : [f]));
  // With no blocks and no title, the summary is the message.
  if (lead.length === 0 && all.length === 0 && !embed.title) lead.push({ type: 'text', text: reply.summary });

  // Fields give way (from the end, replaced by a "N more not shown" field) to the 25-field cap and
  // to the 6,000 total, keeping room for the start of the description.
  const fixed = embedLength(embed);
  const reserve = Math.min(joinProse(lead, DISCORD_MAX_DESCRIPTION).length, MIN_DESCRIPTION);
  const shown = (k: number) => (k < all.length ? [...all.slice(0, k), moreField(all.length - k)] : all);
  let k = all.length > DISCORD_MAX_FIELDS ? DISCORD_MAX_FIELDS - 1 : all.length;
  while (k > 0 && fixed + fieldsLength(shown(k)) + reserve > DISCORD_MAX_EMBED_TOTAL) k--;
  const kept = shown(k);
  if (kept.length > 0) embed.fields = kept;

  const budget = Math.min(DISCORD_MAX_DESCRIPTION, DISCORD_MAX_EMBED_TOTAL - fixed - fieldsLength(kept));
  const description = joinProse(lead, budget);
  if (description) embed.description = description;
}

/** Discord refuses empty or whitespace-only field names and values. */
function orBlank(text: string): string {
  return text.trim() ? text : BLANK;
}

function fieldsLength(fields: APIEmbedField[]): number {
  return fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/** A text, table or divider after fields: one field with a blank name (skipped when empty). */
function proseField(block: Prose): APIEmbedField[] {
  const value = joinProse([block], DISCORD_MAX_FIELD_VALUE);
  return value.trim() ? [{ name: BLANK, value, inline: false }] : [];
}

/** Prose blocks as one markdown text of at most `max` characters, paragraphs cut with "…" as needed. */
function joinProse(blocks: Prose[], max: number): string {
  let out = '';
  for (const block of blocks) {
    const sep = out ? '\n\n' : '';
    const room = max - out.length - sep.length;
    if (room <= 1) break;
    const full = block.type === 'text' ? escapeMarkdown(block.text) : block.type === 'divider' ? DIVIDER : '';
    const piece =
      block.type === 'table'
        ? renderTable(block, room) || clip('(table too large to show)', room)
        : clip(full, room);
    if (!piece) break;
    out += sep + piece;
    // A cut paragraph ends the text: what follows it would read as if nothing were missing.
    if (block.type !== 'table' && piece !== full) break;
  }
  return out;
}

function moreField(count: number): APIEmbedField {
  return { name: '…', value: `${count} more not shown`, inline: false };
}

/** Each actions block starts a row; rows hold 5 buttons and a message 5 rows. */
function buttonRows(blocks: ActionsBlock[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    let row: APIButtonComponentWithCustomId[] = [];
    for (const button of block.buttons) {
      const customId = encodeCustomId(button.invocation);
      // custom_ids must be unique within a message; a duplicate would do the same thing anyway.
      if (!customId || seen.has(customId)) continue;
      seen.add(customId);
      row.push({
        type: 2,
        style: button.style === 'primary' ? 1 : 2,
        label: clip(button.label.trim(), DISCORD_MAX_BUTTON_LABEL) || '…',
        custom_id: customId,
      });
      if (row.length === DISCORD_MAX_BUTTONS_PER_ROW) {
        rows.push({ type: 1, components: row });
        row = [];
      }
    }
    if (row.length > 0) rows.push({ type: 1, components: row });
  }
  return rows.slice(0, DISCORD_MAX_ACTION_ROWS);
}

/** Discord only resolves `attachment://name` for names of letters, digits, dot, dash and underscore. */
export function attachmentName(filename: string): string {
  const cleaned = filename.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100);
  return /\.[A-Za-z0-9]+$/.test(cleaned) ? cleaned : `${cleaned || 'chart'}.png`;
}
