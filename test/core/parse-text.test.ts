import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand, defineCommandGroup, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import {
  formatInvocation,
  formatTyped,
  MAX_TEXT_LENGTH,
  parseText,
  tokenize,
} from '../../src/core/parse-text.js';
import { simpleReply } from '../../src/core/reply.js';

const parse = (text: string) => parseText(text, commands);

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted words together, in every quote style', () => {
    expect(tokenize('  price   "darth vader"  used ').map((t) => t.text)).toEqual([
      'price',
      'darth vader',
      'used',
    ]);
    expect(tokenize("'boba fett' “clone trooper” «x y» ‘a b’").map((t) => t.text)).toEqual([
      'boba fett',
      'clone trooper',
      'x y',
      'a b',
    ]);
  });

  it('treats an apostrophe inside a word as a letter, and an unclosed quote as running to the end', () => {
    expect(tokenize("rey's speeder").map((t) => t.text)).toEqual(["rey's", 'speeder']);
    expect(tokenize('"darth vader used').map((t) => t.text)).toEqual(['darth vader used']);
  });

  it('reads name:value, name=value and --name', () => {
    expect(tokenize('days:90 theme="Star Wars" --condition used --flag')).toEqual([
      { text: '90', quoted: false, key: 'days' },
      { text: 'Star Wars', quoted: true, key: 'theme' },
      { text: '', quoted: false, key: 'condition', flag: true },
      { text: 'used', quoted: false },
      { text: '', quoted: false, key: 'flag', flag: true },
    ]);
  });
});

describe('parseText with the real command specs', () => {
  it('reads the Slack example', () => {
    expect(parse('price sw0001 used')).toEqual({
      command: 'price',
      options: { figure: 'sw0001', condition: 'used' },
    });
  });

  it('joins unquoted words into the figure and still finds the condition after them', () => {
    expect(parse('price darth vader used')).toEqual({
      command: 'price',
      options: { figure: 'darth vader', condition: 'used' },
    });
    expect(parse('price darth vader')).toEqual({ command: 'price', options: { figure: 'darth vader' } });
  });

  it('does not take a choice word for its option before the required figure is given', () => {
    expect(parse('price new hope luke')).toEqual({ command: 'price', options: { figure: 'new hope luke' } });
  });

  it('gives integers to integer options and leaves range checks to the dispatcher', () => {
    expect(parse('history sw0002 90')).toEqual({
      command: 'history',
      options: { figure: 'sw0002', days: '90' },
    });
    expect(parse('history sw0002 -5')).toEqual({
      command: 'history',
      options: { figure: 'sw0002', days: '-5' },
    });
    expect(parse('history "boba fett" 365 new')).toEqual({
      command: 'history',
      options: { figure: 'boba fett', days: '365', condition: 'new' },
    });
  });

  it('fills free-text options in order, quoted values never joining', () => {
    expect(parse('search "clone trooper" "star wars" 2008')).toEqual({
      command: 'search',
      options: { query: 'clone trooper', theme: 'star wars', year: '2008' },
    });
    expect(parse('search clone trooper 2008')).toEqual({
      command: 'search',
      options: { query: 'clone trooper', year: '2008' },
    });
  });

  it('accepts named options in any order, and positional choices wherever they fit', () => {
    expect(parse('movers condition:used theme:"Star Wars" 30d')).toEqual({
      command: 'movers',
      options: { condition: 'used', theme: 'Star Wars', period: '30d' },
    });
    expect(parse('movers used')).toEqual({ command: 'movers', options: { condition: 'used' } });
    expect(parse('movers 7d star wars')).toEqual({
      command: 'movers',
      options: { period: '7d', theme: 'star wars' },
    });
  });

  it('keeps an unknown key:value as text', () => {
    expect(parse('search vader:hoth')).toEqual({ command: 'search', options: { query: 'vader:hoth' } });
  });

  it('is case-insensitive for the command and allows a leading slash', () => {
    expect(parse('/PRICE sw0002')).toEqual({ command: 'price', options: { figure: 'sw0002' } });
  });

  it('turns an empty line into help', () => {
    expect(parse('   ')).toEqual({ command: 'help', options: {} });
  });

  it('rejects unknown commands with a suggestion, too many values, and absurdly long text', () => {
    expect(() => parse('prise sw0002')).toThrow(
      /Unknown command "prise". Did you mean "price"\? Type help for the list\./,
    );
    // The hint spells the command as the user's platform takes it.
    expect(() => parseText('prise sw0002', commands, '/minifig ')).toThrow(
      /Type \/minifig help for the list\./,
    );
    expect(() => parse('sources extra')).toThrow(UserError);
    expect(() => parse('price "darth vader" used extra')).toThrow(/Too many values for price/);
    expect(() => parse(`price ${'x'.repeat(MAX_TEXT_LENGTH)}`)).toThrow(/too long/);
  });

  it('parses subcommands of a command group', () => {
    const group = defineCommandGroup({
      name: 'alert',
      description: 'Price alerts',
      subcommands: [
        defineCommand({
          name: 'add',
          description: 'Add an alert',
          options: {
            figure: opt.figure({ description: 'Figure', required: true }),
            price: opt.number({ description: 'USD', required: true, min: 0 }),
            dm: opt.boolean({ description: 'By DM' }),
          },
          run: async () => simpleReply('ok'),
        }),
      ],
    });
    expect(parseText('alert add darth vader $12.50 --dm', [group])).toEqual({
      command: 'alert',
      subcommand: 'add',
      options: { figure: 'darth vader', price: '$12.50', dm: true },
    });
    expect(() => parseText('alert remove 3', [group])).toThrow(/alert has no "remove". Try one of: add/);
    expect(() => parseText('alert', [group])).toThrow(/alert needs one of: add/);
  });
});

describe('formatInvocation', () => {
  it('writes text that parseText reads back to the same invocation', () => {
    const cases = [
      { command: 'history', options: { figure: 'sw0002', days: 90 } },
      { command: 'history', options: { figure: 'darth vader', days: 7, condition: 'used' } },
      { command: 'search', options: { query: 'say "hi" there', theme: "Rey's stuff" } },
      { command: 'search', options: { query: '"quoted start' } },
      { command: 'movers', options: {} },
    ];
    for (const inv of cases) {
      const text = formatInvocation(inv);
      const back = parse(text);
      expect(back.command).toBe(inv.command);
      expect(back.options).toEqual(
        Object.fromEntries(Object.entries(inv.options).map(([k, v]) => [k, String(v)])),
      );
    }
  });

  it('fits a Discord custom_id (100 characters) for ordinary buttons', () => {
    const text = formatInvocation({
      command: 'history',
      options: { figure: 'sw0001a', days: 365, condition: 'used' },
    });
    expect(text).toBe('history figure:sw0001a days:365 condition:used');
    expect(text.length).toBeLessThanOrEqual(100);
  });
});

describe('formatTyped', () => {
  it('writes values by position, as a person types them, when they read back the same', () => {
    expect(formatTyped({ command: 'history', options: { figure: 'sw0002', days: 7 } }, commands)).toBe(
      'history sw0002 7',
    );
    expect(
      formatTyped(
        { command: 'history', options: { figure: 'darth vader', days: 90, condition: 'used' } },
        commands,
      ),
    ).toBe('history "darth vader" 90 used');
    expect(
      formatTyped({ command: 'alert', subcommand: 'remove', options: { id: 3, confirm: true } }, commands),
    ).toBe('alert remove 3 --confirm');
  });

  it('falls back to named options where position would be read differently', () => {
    // A figure named like a condition would be taken for the condition by position.
    const inv = { command: 'price', options: { figure: 'used' } };
    expect(parseText(formatTyped(inv, commands), commands).options).toEqual({ figure: 'used' });
    expect(formatTyped({ command: 'nosuch', options: { a: 'b' } }, commands)).toBe('nosuch a:b');
  });
});
