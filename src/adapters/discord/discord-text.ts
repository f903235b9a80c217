/**
 * Plain text → Discord markdown that shows exactly that text, and cutting to a limit visibly.
 * Reply text is plain (core/reply.ts), but Discord interprets markdown in embed titles,
 * descriptions, field names and values and message content, so anything it could read as markup
 * (bold, code, masked links, mentions, headings and list markers at a line start) is escaped.
 */

const ELLIPSIS = '…';

/** Characters Discord may read as markup anywhere in a line (`<` opens mentions and timestamps). */
const INLINE = /[\\*_~`|[\]<]/g;
/** Markup that only counts at the start of a line: quotes, headings, subtext, bullets. */
const LINE_START = /^(\s*)(>|#{1,3}\s|-#\s|[-+]\s)/gm;
/** Numbered list items ("1. "): the dot is what must be escaped. */
const NUMBERED = /^(\s*\d+)\.(\s)/gm;

export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (ch) => `\\${ch}`)
    .replace(LINE_START, (_, space: string, mark: string) => `${space}\\${mark}`)
    .replace(NUMBERED, (_, number: string, space: string) => `${number}\\.${space}`);
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with "…" when cut. Never splits a surrogate
 * pair (an emoji) and never leaves a lone escaping backslash in front of the "…".
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  let cut = text.slice(0, Math.max(0, end));
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/** Plain text escaped for Discord and cut to `max`. */
export function plain(text: string, max: number): string {
  return clip(escapeMarkdown(text), max);
}
