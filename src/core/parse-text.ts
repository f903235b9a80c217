/**
 * Text → Invocation, from the same option specs as Discord's slash commands. Used by Slack
 * (`/minifig price sw0001 used`), the console, and buttons (whose payload is formatInvocation text).
 *
 * Syntax: `<command> [subcommand] <values...>`, where a value is
 * - positional: taken by the first option that accepts it (see below);
 * - named: `days:90`, `days=90` or `--days 90` (`--flag` alone sets a boolean option);
 * - quoted for several words: "darth vader", 'darth vader', “darth vader”, «darth vader».
 * Positional values: a choice, integer or number option takes a token it accepts (`used`, `90`), as
 * long as every required option before it is filled; other tokens fill the free-text options (string,
 * figure) in order, and consecutive unquoted words join into one value, so `price darth vader used`
 * means figure "darth vader", condition "used". Conversion and range checks happen in the dispatcher.
 */
import stringSimilarity from 'string-similarity';
import {
  type AnyCommand,
  type Command,
  type Invocation,
  type OptionSpec,
  type RawValue,
  usage,
} from './command.js';
import { UserError } from './errors.js';
import { notAChoice } from './options.js';

/** Longest line accepted before any parsing; past it nothing is tokenised. Options have their own, smaller limits. */
export const MAX_TEXT_LENGTH = 10_000;

export interface Token {
  text: string;
  /** Some part of it was quoted: it never joins its neighbours into one value. */
  quoted: boolean;
  /** `name` for `name:value`, `name=value` (before unquoting), or `--name`. */
  key?: string;
  /** `--name` with no `:`/`=`: its value, if any, is the next token. */
  flag?: boolean;
}

const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”“',
  '„': '“”',
  '‘': '’',
  '«': '»',
};

/** Splits on whitespace, honouring quotes that open a token (or a `name:` value) and close before a space. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let value = '';
    let quoted = false;
    let key: string | undefined;
    let flag = false;
    const keyMatch =
      /^(?:--([a-z][a-z0-9_-]*)(?=\s|$)|([a-z][a-z0-9_-]*)[:=]|--([a-z][a-z0-9_-]*)[:=])/i.exec(
        text.slice(i),
      );
    if (keyMatch) {
      key = (keyMatch[1] ?? keyMatch[2] ?? keyMatch[3] ?? '').toLowerCase();
      flag = keyMatch[1] !== undefined;
      i += keyMatch[0].length;
    }
    while (i < text.length && !/\s/.test(text[i] as string)) {
      const ch = text[i] as string;
      const closers = value === '' ? QUOTES[ch] : undefined;
      if (closers) {
        const end = findCloser(text, i + 1, closers);
        value += text.slice(i + 1, end);
        quoted = true;
        i = end + 1;
        continue;
      }
      value += ch;
      i++;
    }
    tokens.push({ text: value, quoted, ...(key === undefined ? {} : { key }), ...(flag ? { flag } : {}) });
  }
  return tokens;
}

/** The closing quote that is followed by whitespace or the end; the end of the text when none is. */
function findCloser(text: string, from: number, closers: string): number {
  for (let j = from; j < text.length; j++) {
    if (closers.includes(text[j] as string) && (j + 1 === text.length || /\s/.test(text[j + 1] as string))) {
      return j;
    }
  }
  return text.length;
}

export function parseText(text: string, commands: readonly AnyCommand[], commandPrefix = ''): Invocation {
  if (text.length > MAX_TEXT_LENGTH) {
    throw new UserError(`That message is too long (${text.length} characters; at most ${MAX_TEXT_LENGTH}).`);
  }
  const tokens = tokenize(text);
  const first = tokens.shift();
  if (!first) return { command: 'help', options: {} };
  const name = first.text.replace(/^\//, '').toLowerCase();
  const top = commands.find((c) => c.name === name);
  if (!top) throw new UserError(unknownCommandMessage(name, commands, commandPrefix));
  if (top.type === 'command') return { command: top.name, options: assignOptions(top, tokens) };

  const subName = tokens.shift()?.text.toLowerCase();
  const sub = top.subcommands.find((s) => s.name === subName);
  if (!sub) {
    const list = top.subcommands.map((s) => s.name).join(', ');
    throw new UserError(
      subName
        ? `${top.name} has no "${subName}". Try one of: ${list}.`
        : `${top.name} needs one of: ${list}.`,
    );
  }
  return { command: top.name, subcommand: sub.name, options: assignOptions(sub, tokens, `${top.name} `) };
}

/** `commandPrefix`: how the user's platform spells a command ("/minifig " on Slack), for the hint. */
export function unknownCommandMessage(
  name: string,
  commands: readonly AnyCommand[],
  commandPrefix = '',
): string {
  const names = commands.map((c) => c.name);
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const best = names.length > 0 && name ? stringSimilarity.findBestMatch(name, names).bestMatch : undefined;
  const hint = best && best.rating >= 0.4 ? ` Did you mean "${best.target}"?` : '';
  return `Unknown command "${shown}".${hint} Type ${commandPrefix}help for the list.`;
}

// A file option in text is a path (the terminal chat).
const FREE_KINDS = new Set<OptionSpec['kind']>(['string', 'figure', 'file']);
/** Free text (a name, a query) joins words into one value; a string option with `accepts` takes single words. */
const isFree = (spec: OptionSpec) => FREE_KINDS.has(spec.kind) && !(spec.kind === 'string' && spec.accepts);

/** Does a positional token fit this strict (non-free-text) option's type? */
function accepts(spec: OptionSpec, token: string): boolean {
  switch (spec.kind) {
    case 'choice':
      return spec.choices.some((c) => c.toLowerCase() === token.toLowerCase());
    case 'integer':
      return /^[+-]?\d+$/.test(token);
    case 'number':
      return /^[+-]?\$?(\d+(\.\d*)?|\.\d+)$/.test(token);
    case 'string':
      return spec.accepts?.(token) ?? false;
    default:
      return false;
  }
}

/** Periods as people write them: 90d, 2 weeks, 3m, 1y. */
const PERIOD_LIKE = /^\d+\s*(d|days?|w|wks?|weeks?|m|mo|months?|y|yrs?|years?|h|hours?)$/i;
/** Words collectors use for a figure's condition. */
const CONDITION_LIKE =
  /^(mint|near-?mint|nm|sealed|unopened|opened|mib|misb|nib|nisb|boxed|bagged|loose|complete|incomplete|damaged|excellent|good|fair|poor|worn|played|cib|brand-?new|like-?new|second-?hand|pre-?owned)$/i;

/**
 * A token that is clearly meant for this choice option though it is not one of its choices ("90d"
 * for a period of 1d/7d/30d, "mint" for new/used): reported against the option rather than taken
 * for a theme or a figure name.
 */
function meantFor(spec: OptionSpec, token: string): boolean {
  if (spec.kind !== 'choice') return false;
  if (spec.choices.every((c) => /^\d+d$/.test(c))) return PERIOD_LIKE.test(token);
  if (spec.choices.includes('new') && spec.choices.includes('used')) return CONDITION_LIKE.test(token);
  return false;
}

function assignOptions(command: Command, tokens: Token[], prefix = ''): Record<string, RawValue> {
  const specs = Object.entries(command.options);
  const values: Record<string, RawValue> = {};
  const filled = (name: string) => values[name] !== undefined;
  let open: string | undefined;
  let previousQuoted = false;
  const tooMany = (token: Token) =>
    new UserError(
      `Too many values for ${prefix}${command.name} at "${token.text.slice(0, 40)}". ` +
        `Usage: ${usage(command, prefix)}. Put quotes around names of several words.`,
    );

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const named = token.key === undefined ? undefined : specs.find(([n]) => n === token.key);
    if (named) {
      const [name, spec] = named;
      if (token.flag && spec.kind === 'boolean') values[name] = true;
      else if (token.flag) values[name] = tokens[++i]?.text ?? '';
      else values[name] = token.text;
      open = undefined;
      continue;
    }
    // An unknown `key:` is ordinary text ("Darth Vader: Hoth"); put the key back.
    const text = token.key === undefined ? token.text : `${token.flag ? '--' : ''}${token.key}:${token.text}`;

    const strict = specs.find(
      ([name, spec], index) =>
        !filled(name) &&
        !isFree(spec) &&
        accepts(spec, text) &&
        specs.slice(0, index).every(([n, s]) => !s.required || filled(n) || n === open),
    );
    if (strict) {
      values[strict[0]] = text;
      open = undefined;
      previousQuoted = token.quoted;
      continue;
    }
    const misfit = token.quoted
      ? undefined
      : specs.find(
          ([name, spec], index) =>
            !filled(name) &&
            meantFor(spec, text) &&
            specs.slice(0, index).every(([n, s]) => !s.required || filled(n) || n === open),
        );
    if (misfit && misfit[1].kind === 'choice') throw notAChoice(misfit[0], misfit[1].choices, text);
    if (open && !token.quoted && !previousQuoted) {
      values[open] = `${values[open]} ${text}`;
      continue;
    }
    const free = specs.find(([name, spec]) => !filled(name) && isFree(spec));
    if (!free) throw tooMany(token);
    values[free[0]] = text;
    open = free[0];
    previousQuoted = token.quoted;
  }
  return values;
}

/**
 * An Invocation as text that parseText reads back to the same Invocation: named options, quoted
 * where needed. Buttons carry this (it fits Discord's 100-character custom_id for ordinary values).
 */
export function formatInvocation(inv: Invocation): string {
  const parts = [inv.command];
  if (inv.subcommand) parts.push(inv.subcommand);
  for (const [name, value] of Object.entries(inv.options)) {
    if (value === undefined) continue;
    parts.push(`${name}:${quote(String(value))}`);
  }
  return parts.join(' ');
}

/**
 * An Invocation the way a person types it: values in option order, positional (`history sw0002 7`),
 * when parseText reads that back to the same Invocation; otherwise formatInvocation's named form.
 */
export function formatTyped(inv: Invocation, commands: readonly AnyCommand[]): string {
  const top = commands.find((c) => c.name === inv.command);
  const spec = top?.type === 'group' ? top.subcommands.find((s) => s.name === inv.subcommand) : top;
  if (spec?.type !== 'command') return formatInvocation(inv);
  const parts = [inv.command, ...(inv.subcommand ? [inv.subcommand] : [])];
  for (const name of Object.keys(spec.options)) {
    const value = inv.options[name];
    if (value === undefined) continue;
    parts.push(typeof value === 'boolean' ? (value ? `--${name}` : `${name}:false`) : quote(String(value)));
  }
  const text = parts.join(' ');
  try {
    const back = parseText(text, commands);
    const same =
      back.command === inv.command &&
      back.subcommand === inv.subcommand &&
      Object.entries(inv.options).every(
        ([k, v]) => v === undefined || String(back.options[k]) === String(v),
      ) &&
      Object.entries(back.options).every(([k, v]) => v === undefined || inv.options[k] !== undefined);
    return same ? text : formatInvocation(inv);
  } catch {
    return formatInvocation(inv);
  }
}

function quote(value: string): string {
  if (value !== '' && !/\s/.test(value) && !((value[0] as string) in QUOTES)) return value;
  for (const [open, closers] of Object.entries(QUOTES)) {
    const close = closers[0] as string;
    if (!value.includes(close)) return `${open}${value}${close}`;
  }
  // Every closing quote appears in the value: a closer only counts before whitespace, so strip those.
  return `"${value.replace(/"(?=\s)/g, '')}"`;
}
