import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import {
  COMMAND_NAME,
  type Command,
  defineCommand,
  defineCommandGroup,
  MAX_DESCRIPTION,
  opt,
  usage,
} from '../../src/core/command.js';
import { simpleReply } from '../../src/core/reply.js';

const run = async () => simpleReply('ok');

describe('defineCommand', () => {
  it('rejects at definition time what Discord would reject at registration', () => {
    expect(() => defineCommand({ name: 'Price', description: 'x', run })).toThrow(/must match/);
    expect(() => defineCommand({ name: 'price', description: '', run })).toThrow(/description/);
    expect(() => defineCommand({ name: 'price', description: 'x'.repeat(MAX_DESCRIPTION + 1), run })).toThrow(
      /description must be 1-100/,
    );
    expect(() =>
      defineCommand({
        name: 'price',
        description: 'x',
        options: { a: opt.string({ description: 'a' }), b: opt.figure({ description: 'b', required: true }) },
        run,
      }),
    ).toThrow(/required option b must come before optional ones/);
    expect(() =>
      defineCommand({
        name: 'price',
        description: 'x',
        options: {
          c: opt.choice(
            Array.from({ length: 26 }, (_, i) => `c${i}`),
            { description: 'c' },
          ),
        },
        run,
      }),
    ).toThrow(/1 to 25 choices/);
    expect(() => defineCommandGroup({ name: 'alert', description: 'x', subcommands: [] })).toThrow(
      /subcommands/,
    );
  });

  it('gives every built option its kind and required flag', () => {
    expect(opt.figure({ description: 'f', required: true })).toEqual({
      kind: 'figure',
      description: 'f',
      required: true,
      autocomplete: true,
    });
    expect(opt.string({ description: 's' })).toEqual({
      kind: 'string',
      description: 's',
      required: false,
      maxLength: 200,
    });
    expect(opt.integer({ description: 'd', choices: [7, 30], default: 30 })).toEqual({
      kind: 'integer',
      description: 'd',
      required: false,
      choices: [7, 30],
      default: 30,
    });
  });

  it('writes usage from the spec', () => {
    const history = commands.find((c) => c.name === 'history') as Command;
    expect(usage(history)).toBe('history <figure> [days: 7|30|90|365] [condition: new|used] [currency]');
    expect(usage(history, '/minifig ')).toBe(
      '/minifig history <figure> [days: 7|30|90|365] [condition: new|used] [currency]',
    );
  });

  it('every real command fits Discord: names, descriptions, option order and choices', () => {
    for (const c of commands) {
      expect(c.name).toMatch(COMMAND_NAME);
      expect(c.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    }
  });
});
