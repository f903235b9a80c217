/**
 * Raw option values (as a platform or parseText delivered them) → the typed values `run` receives.
 * Every check a user can fail lives here, each failing with a UserError that says what is expected.
 */
import type { Deps } from '../deps.js';
import type { Command, OptionSpec, RawValue } from './command.js';
import { usage } from './command.js';
import { UserError } from './errors.js';
import { FigureLookupError, resolveFigure } from './figure-resolver.js';
import { truncate } from './text.js';

/**
 * Control characters (PostgreSQL rejects NUL in text), unpaired surrogates (not valid UTF-8) and
 * runs of whitespace go; everything else, emoji included, is kept as typed.
 */
export function cleanText(value: string): string {
  return value
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (ch) => (/\s/.test(ch) ? ' ' : ''))
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A figure option failed to resolve: which option, so the error reply can offer the suggestions. */
export class OptionFigureError extends FigureLookupError {
  constructor(
    readonly option: string,
    cause: FigureLookupError,
  ) {
    super(cause.message, cause.suggestions);
  }
}

export async function readOptions(
  command: Command,
  raw: Record<string, RawValue | undefined>,
  deps: Deps,
  prefix = '',
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const given = raw[name];
    // A file's text keeps its lines; any other text is cleaned.
    const value = typeof given === 'string' && spec.kind !== 'file' ? cleanText(given) : given;
    if (value === undefined || value === '') {
      if (spec.required) {
        throw new UserError(
          `${prefix}${command.name} needs ${name} (${spec.description}). Usage: ${usage(command, prefix)}`,
        );
      }
      out[name] = 'default' in spec ? spec.default : undefined;
      continue;
    }
    try {
      out[name] = await convert(name, spec, value, deps);
    } catch (err) {
      if (err instanceof FigureLookupError && !(err instanceof OptionFigureError)) {
        throw new OptionFigureError(name, err);
      }
      throw err;
    }
  }
  return out;
}

function shown(value: RawValue): string {
  return `"${truncate(String(value), 30)}"`;
}

async function convert(name: string, spec: OptionSpec, value: RawValue, deps: Deps): Promise<unknown> {
  if (typeof value === 'object') {
    if (spec.kind !== 'file') throw new UserError(`${name} takes text, not a file.`);
    return value;
  }
  switch (spec.kind) {
    case 'file': {
      const path = value.toString().trim();
      if (path.length > 1000) throw new UserError(`${name} is too long: at most 1000 characters.`);
      return { path };
    }
    case 'figure':
      return resolveFigure(deps.figures, String(value));
    case 'string': {
      const s = String(value);
      if (s.length > spec.maxLength) {
        throw new UserError(`${name} is too long: ${s.length} characters, at most ${spec.maxLength}.`);
      }
      if (spec.minLength !== undefined && s.length < spec.minLength) {
        throw new UserError(`${name} needs at least ${spec.minLength} characters.`);
      }
      return s;
    }
    case 'choice': {
      const match = spec.choices.find((c) => c.toLowerCase() === String(value).toLowerCase());
      if (match === undefined) throw notAChoice(name, spec.choices, value);
      return match;
    }
    case 'integer': {
      const n =
        typeof value === 'number' ? value : /^[+-]?\d{1,16}$/.test(String(value)) ? Number(value) : NaN;
      if (spec.choices) {
        if (!spec.choices.includes(n)) {
          throw new UserError(`${name} must be ${oneOf(spec.choices.map(String))}, not ${shown(value)}.`);
        }
        return n;
      }
      if (!Number.isSafeInteger(n))
        throw new UserError(`${name} must be a whole number, not ${shown(value)}.`);
      return inRange(name, n, spec.min, spec.max);
    }
    case 'number': {
      const text = String(value).replace(/^\$/, '');
      const n =
        typeof value === 'number' ? value : /^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(n)) throw new UserError(`${name} must be a number, not ${shown(value)}.`);
      return inRange(name, n, spec.min, spec.max);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = String(value).toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      throw new UserError(`${name} must be yes or no, not ${shown(value)}.`);
    }
  }
}

function inRange(name: string, n: number, min?: number, max?: number): number {
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const range =
      min !== undefined && max !== undefined
        ? `between ${min} and ${max}`
        : min !== undefined
          ? `at least ${min}`
          : `at most ${max}`;
    throw new UserError(`${name} must be ${range}, not ${n}.`);
  }
  return n;
}

/** "condition must be new or used, not "mint".": a value of the option's kind outside its choices. */
export function notAChoice(name: string, choices: readonly string[], value: RawValue): UserError {
  return new UserError(`${name} must be ${oneOf(choices)}, not ${shown(value)}.`);
}

function oneOf(values: readonly string[]): string {
  if (values.length === 1) return values[0] as string;
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
