/**
 * Slack text -> command text for the dispatcher's parseText (core/parse-text.ts), which applies the
 * option specs. Two sources:
 * - slash commands: `/minifig price sw0001 used` arrives as the text "price sw0001 used";
 * - mentions: "<@U123> what's the price of sw0001?" is a question, so the mention, polite filler
 *   and trailing punctuation are stripped to leave "price sw0001".
 */

/**
 * Slack escapes &, < and > in message and command text, and writes links, channels and users
 * as <target|label>. Labels are kept (a pasted link reads as its text), mentions are dropped.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<([@#!])[^>]*>/g, (whole, sigil: string) => {
      if (sigil !== '#') return ' ';
      const label = whole.slice(1, -1).split('|')[1];
      return label ? `#${label}` : ' ';
    })
    .replace(/<([^>|]*)\|([^>]*)>/g, '$2')
    .replace(/<([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The text of a slash command, ready for parseText. */
export function slashCommandText(text: string | undefined): string {
  return decodeSlackText(text ?? '').trim();
}

/** Words people put around a question that carry no meaning for the command. */
const LEADING_FILLER = new Set([
  'hey',
  'hi',
  'hello',
  'yo',
  'please',
  'pls',
  'can',
  'could',
  'would',
  'you',
  'u',
  'i',
  'want',
  'need',
  'to',
  'know',
  'show',
  'me',
  'give',
  'get',
  'tell',
  'what',
  "what's",
  'whats',
  'what’s',
  'is',
  'are',
  'the',
  'a',
  'an',
  'current',
  'latest',
]);
/** Words between the command and its arguments: "price OF sw0001", "history FOR the sw0001". */
const ARGUMENT_FILLER = new Set(['of', 'for', 'the', 'on', 'about', 'is', 'are', 'a', 'an', 'me']);
const TRAILING_FILLER = new Set(['please', 'pls', 'thanks', 'thx', 'now', 'today']);

/** Looks like a BrickLink minifigure item number: sw0001, sw001a, hp150, col123. */
const ITEM_NUMBER = /^[a-z]{2,5}\d{2,4}[a-z]?$/i;

/**
 * "@minifig price of sw0001" -> "price sw0001". `commands` are the known command names: filler is
 * only stripped around one of them, so a figure name such as "The Mandalorian" keeps its words.
 * A question with an item number but no command ("@minifig how much is sw0001?") asks for a price.
 */
export function mentionText(text: string, commands: readonly string[]): string {
  const words = decodeSlackText(text)
    .replace(/[?!.]+\s*$/, '')
    .trim()
    .split(/\s+/)
    // "hey @minifig, price..." leaves a lone comma where the mention was.
    .filter((w) => w !== '' && !/^[,.;:!?]+$/.test(w));
  const known = new Set(commands.map((c) => c.toLowerCase()));
  const lower = (w: string | undefined) => (w ?? '').toLowerCase().replace(/[,:;]+$/, '');

  let start = 0;
  while (start < words.length && !known.has(lower(words[start])) && LEADING_FILLER.has(lower(words[start]))) {
    start++;
  }
  let end = words.length;
  while (end > start + 1 && TRAILING_FILLER.has(lower(words[end - 1]))) end--;
  const rest = words.slice(start, end);

  const first = lower(rest[0]);
  if (known.has(first)) {
    let args = 1;
    while (args < rest.length - 1 && ARGUMENT_FILLER.has(lower(rest[args]))) args++;
    return [first, ...rest.slice(args)].join(' ');
  }
  // "how much is sw0001", "sw0001 used": a figure with no command is a price question.
  const itemAt = words.findIndex((w) => ITEM_NUMBER.test(w.replace(/[,:;]+$/, '')));
  if (known.has('price') && itemAt !== -1) {
    return ['price', ...words.slice(itemAt, end).filter((w) => !ARGUMENT_FILLER.has(lower(w)))].join(' ');
  }
  return rest.join(' ');
}
