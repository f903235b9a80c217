/**
 * Text helpers for Slack. Slack measures its limits in characters of the JSON string (UTF-16 code
 * units), so truncation counts those, never splitting an emoji's surrogate pair.
 */

/** Cuts `text` to at most `max` UTF-16 code units, ending with "…" when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Do not leave the high half of a surrogate pair dangling before the ellipsis.
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Escapes the three characters Slack's mrkdwn reserves for links, mentions and entities. Inside
 * a code block this is all it takes to show text verbatim; elsewhere plain_text objects are used.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for a ``` block: escaped, with any run of backticks broken so it cannot close the block. */
export function escapeCode(text: string): string {
  return escapeMrkdwn(text).replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

/** Slack refuses empty text objects; a blank value is shown as a dash. */
export function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}
