/**
 * The command contract: a chat command is DATA (a name, a description, typed options) plus a `run`
 * that returns a neutral Reply (./reply.ts). Nothing here knows about a platform.
 *
 * What adapters derive from a spec (the spec is the single source of truth):
 * - Discord registration (SlashCommandBuilder JSON), option by option in `Object.keys(options)` order
 *   (required options come first; defineCommand enforces Discord's rule):
 *     kind      Discord type        extra fields
 *     string    3 STRING            max_length = maxLength, min_length = minLength, autocomplete = !!autocomplete
 *     integer   4 INTEGER           min_value = min, max_value = max, or `choices` [{name: String(n), value: n}]
 *     number    10 NUMBER           min_value = min, max_value = max
 *     boolean   5 BOOLEAN
 *     choice    3 STRING            choices [{name: value, value}]
 *     figure    3 STRING            autocomplete = spec.autocomplete, max_length = MAX_FIGURE_INPUT
 *   A CommandGroup becomes one top-level command whose options are SUB_COMMANDs (type 1), one per
 *   entry of `subcommands`, each carrying its own options as above.
 * - Slack and console: `parseText` (./parse-text.ts) turns "price sw0001 used" into an Invocation
 *   using the same specs; `formatInvocation` turns an Invocation back into such text, which is how
 *   buttons (actions blocks) carry their command in a custom_id or an action value.
 * - Help: `usage()` below, and the `help` command, read the same specs.
 *
 * Adapters hand the dispatcher (./dispatch.ts) an Invocation with RAW values (strings, numbers,
 * booleans as the platform delivered them). The dispatcher validates and converts them, resolving
 * figure options to catalogue figures, so `run` always receives typed, checked values.
 */

import type { Deps } from '../deps.js';
import type { FigureRef } from './figure.js';
import type { PlatformTraits } from './platform-traits.js';
import type { Reply } from './reply.js';

/** Discord's limits on the registration payload; defineCommand checks them so a bad spec fails early. */
export const COMMAND_NAME = /^[a-z0-9_-]{1,32}$/;
export const MAX_DESCRIPTION = 100;
export const MAX_CHOICES = 25;
export const MAX_CHOICE_LENGTH = 100;
/** Longest text accepted for a figure option (item numbers are short; the longest catalogue name is under 100). */
export const MAX_FIGURE_INPUT = 100;
/** Default and ceiling for free string options; Discord allows 6,000 but nothing here needs that. */
export const MAX_STRING_INPUT = 200;

/** One suggestion in an autocomplete list (Discord: name ≤ 100 characters, value ≤ 100). */
export interface Choice {
  name: string;
  value: string;
}

export type AutocompleteFn = (partial: string, deps: Deps) => Promise<Choice[]>;

interface OptionCommon {
  description: string;
  required: boolean;
}
export interface StringOption extends OptionCommon {
  kind: 'string';
  minLength?: number;
  maxLength: number;
  /** Suggestions while typing (Discord autocomplete). Free text is still accepted. */
  autocomplete?: AutocompleteFn;
  /**
   * In typed text, the words this option takes by position (a currency code): such an option is
   * filled like a choice, so `price sw0002 eur` is figure sw0002 in EUR, not figure "sw0002 eur".
   */
  accepts?: (token: string) => boolean;
  default?: string;
}
export interface IntegerOption extends OptionCommon {
  kind: 'integer';
  min?: number;
  max?: number;
  /** When set, only these values are accepted (shown as choices on Discord). */
  choices?: readonly number[];
  default?: number;
}
export interface NumberOption extends OptionCommon {
  kind: 'number';
  min?: number;
  max?: number;
  default?: number;
}
export interface BooleanOption extends OptionCommon {
  kind: 'boolean';
  default?: boolean;
}
export interface ChoiceOption<C extends string = string> extends OptionCommon {
  kind: 'choice';
  choices: readonly C[];
  default?: C;
}
/** A catalogue figure given as an item number (any case, old 3-digit forms too) or a name. */
export interface FigureOption extends OptionCommon {
  kind: 'figure';
  autocomplete: boolean;
}

/**
 * A file the user hands over: a Discord attachment (the adapter downloads it), and in the terminal
 * chat a path. Discord type 11 ATTACHMENT; in text it is the path.
 */
export interface FileOption extends OptionCommon {
  kind: 'file';
}

/** A file as an adapter delivers it: its name, its size in bytes and (when not too large) its text. */
export interface AttachedFile {
  filename: string;
  size: number;
  /** Empty when the file was larger than MAX_FILE_BYTES and so not downloaded. */
  text: string;
}

/** What a file option gives `run`: the attached file, or a path typed in the terminal chat. */
export type FileValue = AttachedFile | { path: string };

/** Files larger than this are not downloaded (collection files are far smaller). */
export const MAX_FILE_BYTES = 256 * 1024;

export type OptionSpec =
  | FileOption
  | StringOption
  | IntegerOption
  | NumberOption
  | BooleanOption
  | ChoiceOption
  | FigureOption;
export type OptionKind = OptionSpec['kind'];
export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<O> = O extends { kind: 'file' }
  ? FileValue
  : O extends { kind: 'figure' }
    ? FigureRef
    : O extends { kind: 'choice'; choices: readonly (infer C)[] }
      ? C
      : O extends { kind: 'integer' | 'number' }
        ? number
        : O extends { kind: 'boolean' }
          ? boolean
          : string;
type AlwaysPresent<O> = O extends { required: true } ? true : O extends { default: unknown } ? true : false;

/** What `run` receives: required options and options with a default are never undefined. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: AlwaysPresent<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** A value as a platform delivers it, before the dispatcher checks and converts it. */
export type RawValue = string | number | boolean | AttachedFile;

/** A request to run a command: what adapters build from a slash command, a text line or a button. */
export interface Invocation {
  command: string;
  subcommand?: string;
  options: Record<string, RawValue | undefined>;
}

/** Who asked, and where. Commands that act per user or per channel (alerts, digests) read it. */
export interface InvocationContext {
  /** The platform's name, as stored with users, channels and outbox rows ("discord"). */
  platform: string;
  /** How that platform words and shows things; without it, plain text (see traitsOf). */
  traits?: PlatformTraits;
  userId?: string;
  /** Discord guild or Slack workspace (team) id. */
  workspaceId?: string;
  channelId?: string;
  /** The adapter's verdict on admin rights (Discord Manage Channels, Slack admin list). */
  isAdmin?: boolean;
}

export interface RunContext<S extends OptionSpecs> {
  options: OptionValues<S>;
  deps: Deps;
  context: InvocationContext;
  /** Every registered command, for `help`. */
  commands: readonly AnyCommand[];
}

export interface Command<S extends OptionSpecs = OptionSpecs> {
  type: 'command';
  name: string;
  description: string;
  options: S;
  /** Example invocations in text form, shown by help ("price sw0001 used"). */
  examples: readonly string[];
  /** Its replies are only ever for the asker (watchlists, alerts, settings): Discord defers it ephemerally. */
  private?: boolean;
  run(ctx: RunContext<S>): Promise<Reply>;
}

/** A command with subcommands (`alert add`, `alert list`): one Discord command with SUB_COMMAND options. */
export interface CommandGroup {
  type: 'group';
  name: string;
  description: string;
  subcommands: readonly Command[];
}

export type AnyCommand = Command | CommandGroup;

export interface CommandInit<S extends OptionSpecs> {
  name: string;
  description: string;
  options?: S;
  examples?: readonly string[];
  private?: boolean;
  run(ctx: RunContext<S>): Promise<Reply>;
}

export function defineCommand<const S extends OptionSpecs = Record<never, OptionSpec>>(
  init: CommandInit<S>,
): Command<S> {
  const command: Command<S> = {
    type: 'command',
    name: init.name,
    description: init.description,
    options: init.options ?? ({} as S),
    examples: init.examples ?? [],
    ...(init.private ? { private: true } : {}),
    run: init.run,
  };
  checkCommand(command);
  return command;
}

export function defineCommandGroup(init: Omit<CommandGroup, 'type'>): CommandGroup {
  checkName(init.name, init.description, 'command');
  if (init.subcommands.length === 0 || init.subcommands.length > MAX_CHOICES) {
    throw new Error(`command group ${init.name}: 1 to ${MAX_CHOICES} subcommands`);
  }
  return { type: 'group', ...init };
}

function checkName(name: string, description: string, what: string): void {
  if (!COMMAND_NAME.test(name)) throw new Error(`${what} name "${name}" must match ${COMMAND_NAME}`);
  if (description.length < 1 || description.length > MAX_DESCRIPTION) {
    throw new Error(`${what} ${name}: description must be 1-${MAX_DESCRIPTION} characters`);
  }
}

/** Rejects at definition time what Discord would reject at registration time. */
function checkCommand(command: Command): void {
  checkName(command.name, command.description, 'command');
  let seenOptional = false;
  for (const [name, spec] of Object.entries(command.options)) {
    checkName(name, spec.description, `${command.name} option`);
    if (spec.required && seenOptional) {
      throw new Error(`${command.name}: required option ${name} must come before optional ones`);
    }
    seenOptional ||= !spec.required;
    const choices = spec.kind === 'choice' || spec.kind === 'integer' ? spec.choices : undefined;
    if (choices && (choices.length === 0 || choices.length > MAX_CHOICES)) {
      throw new Error(`${command.name} option ${name}: 1 to ${MAX_CHOICES} choices`);
    }
    if (spec.kind === 'choice' && spec.choices.some((c) => c.length === 0 || c.length > MAX_CHOICE_LENGTH)) {
      throw new Error(`${command.name} option ${name}: choices must be 1-${MAX_CHOICE_LENGTH} characters`);
    }
  }
}

type Init<O extends OptionSpec> = Omit<O, 'kind' | 'required'> & { required?: boolean };
/** A built option: its init as given (literal types kept, so `run` sees precise value types) plus kind and required. */
type Built<K extends OptionKind, I, Extra = unknown> = Omit<I, 'required' | keyof Extra> & {
  readonly kind: K;
  readonly required: I extends { required: true } ? true : false;
} & Extra;

function build<K extends OptionKind>(kind: K, defaults: object, init: { required?: boolean }) {
  return { ...defaults, ...init, kind, required: init.required ?? false };
}

/** Option builders. `required` defaults to false; pass `default` to make an optional option always present. */
export const opt = {
  string<const I extends Omit<Init<StringOption>, 'maxLength'> & { maxLength?: number }>(init: I) {
    return build('string', { maxLength: MAX_STRING_INPUT }, init) as unknown as Built<
      'string',
      I,
      { readonly maxLength: number }
    >;
  },
  integer<const I extends Init<IntegerOption>>(init: I) {
    return build('integer', {}, init) as unknown as Built<'integer', I>;
  },
  number<const I extends Init<NumberOption>>(init: I) {
    return build('number', {}, init) as unknown as Built<'number', I>;
  },
  boolean<const I extends Init<BooleanOption>>(init: I) {
    return build('boolean', {}, init) as unknown as Built<'boolean', I>;
  },
  choice<const C extends string, const I extends Omit<Init<ChoiceOption<C>>, 'choices'>>(
    choices: readonly C[],
    init: I,
  ) {
    return build('choice', { choices }, init) as unknown as Built<
      'choice',
      I,
      { readonly choices: readonly C[] }
    >;
  },
  file<const I extends Init<FileOption>>(init: I) {
    return build('file', {}, init) as unknown as Built<'file', I>;
  },
  figure<const I extends Omit<Init<FigureOption>, 'autocomplete'> & { autocomplete?: boolean }>(init: I) {
    return build('figure', { autocomplete: true }, init) as unknown as Built<
      'figure',
      I,
      { readonly autocomplete: boolean }
    >;
  },
};

/** The leaf command an invocation names, or undefined. */
export function findCommand(
  commands: readonly AnyCommand[],
  name: string,
  subcommand?: string,
): { group?: CommandGroup; command: Command } | undefined {
  const top = commands.find((c) => c.name === name);
  if (!top) return undefined;
  if (top.type === 'command') return { command: top };
  const leaf = top.subcommands.find((s) => s.name === subcommand);
  return leaf ? { group: top, command: leaf } : undefined;
}

/** "price <figure> [condition: new|used]": the text form of a command, as help and errors show it. */
export function usage(command: Command, prefix = ''): string {
  const parts = [prefix + command.name];
  for (const [name, spec] of Object.entries(command.options)) {
    const shape =
      spec.kind === 'choice'
        ? `${name}: ${spec.choices.join('|')}`
        : spec.kind === 'integer' && spec.choices
          ? `${name}: ${spec.choices.join('|')}`
          : name;
    parts.push(spec.required ? `<${shape}>` : `[${shape}]`);
  }
  return parts.join(' ');
}
