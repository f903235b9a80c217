import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import { type AnyCommand, defineCommand, defineCommandGroup, opt } from '../../src/core/command.js';
import { createDispatcher, DEMO_LABEL } from '../../src/core/dispatch.js';
import { UserError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/reply.js';
import { simpleReply } from '../../src/core/reply.js';
import { log } from '../../src/log.js';
import { FIGURES, fakeDeps } from '../support/fake-deps.js';

const ctx = { platform: 'test' as const };

function dispatcherWith(list: readonly AnyCommand[] = commands, deps = fakeDeps()) {
  return createDispatcher({ commands: list, deps: () => deps });
}

function allText(reply: Reply): string {
  return JSON.stringify(reply);
}

afterEach(() => vi.restoreAllMocks());

describe('dispatch: options reach run checked and typed', () => {
  it('converts raw strings to numbers, canonical choices and resolved figures', async () => {
    const seen: unknown[] = [];
    const probe = defineCommand({
      name: 'probe',
      description: 'Echo options',
      options: {
        figure: opt.figure({ description: 'Figure', required: true }),
        days: opt.integer({ description: 'Days', choices: [7, 30], default: 30 }),
        condition: opt.choice(['new', 'used'], { description: 'Condition' }),
        price: opt.number({ description: 'Price', min: 0 }),
        dm: opt.boolean({ description: 'DM' }),
      },
      async run({ options }) {
        seen.push(options);
        return simpleReply('ok');
      },
    });
    const d = dispatcherWith([probe]);
    await d.dispatch(
      {
        command: 'probe',
        options: { figure: 'SW0002', days: '7', condition: 'USED', price: '$12.5', dm: 'yes' },
      },
      ctx,
    );
    await d.dispatch({ command: 'probe', options: { figure: 'sw0002', days: 30, price: 3 } }, ctx);
    await d.dispatch({ command: 'probe', options: { figure: 'sw0002' } }, ctx);
    expect(seen).toEqual([
      { figure: FIGURES.sw0002, days: 7, condition: 'used', price: 12.5, dm: true },
      { figure: FIGURES.sw0002, days: 30, condition: undefined, price: 3, dm: undefined },
      { figure: FIGURES.sw0002, days: 30, condition: undefined, price: undefined, dm: undefined },
    ]);
  });

  it('runs subcommands of a group', async () => {
    const group = defineCommandGroup({
      name: 'watch',
      description: 'Watchlist',
      subcommands: [
        defineCommand({
          name: 'list',
          description: 'List',
          run: async ({ context }) => simpleReply(`list for ${context.userId}`),
        }),
      ],
    });
    const reply = await dispatcherWith([group]).dispatch(
      { command: 'watch', subcommand: 'list', options: {} },
      { platform: 'discord', userId: 'u1' },
    );
    expect(reply.summary).toBe('list for u1');
  });

  it('asks deps() once per dispatch, so production can fork the EntityManager each time', async () => {
    const factory = vi.fn(() => fakeDeps());
    const d = createDispatcher({ commands, deps: factory });
    await d.dispatchText('price sw0002', ctx);
    await d.dispatchText('sources', ctx);
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('labels every reply "demo data" when the deps say so, errors included', async () => {
    const d = dispatcherWith(commands, fakeDeps({ demoData: true }));
    expect((await d.dispatchText('sources', ctx)).label).toBe(DEMO_LABEL);
    expect((await d.dispatchText('price nothing-like-this', ctx)).label).toBe(DEMO_LABEL);
    expect((await dispatcherWith().dispatchText('sources', ctx)).label).toBeUndefined();
  });
});

describe('dispatch: errors are handled in one place', () => {
  it('shows a UserError as-is, ephemeral, in the error tone', async () => {
    const failing = defineCommand({
      name: 'fail',
      description: 'Fails',
      run: async () => {
        throw new UserError('You have reached the limit of 50 alerts.');
      },
    });
    const reply = await dispatcherWith([failing]).dispatch({ command: 'fail', options: {} }, ctx);
    expect(reply).toMatchObject({
      ephemeral: true,
      tone: 'error',
      summary: 'You have reached the limit of 50 alerts.',
    });
  });

  it('hides a bug behind a reference id, logging the stack under that id', async () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const buggy = defineCommand({
      name: 'buggy',
      description: 'Has a bug',
      run: async () => {
        throw new TypeError(
          "Cannot read properties of undefined (reading 'median') at /srv/secret/path.ts:12",
        );
      },
    });
    const reply = await dispatcherWith([buggy]).dispatch({ command: 'buggy', options: {} }, ctx);
    expect(reply.ephemeral).toBe(true);
    const ref = /Something went wrong \(ref ([0-9a-f]{6})\)/.exec(reply.summary)?.[1];
    expect(ref).toBeDefined();
    expect(allText(reply)).not.toMatch(/Cannot read|secret|TypeError|\.ts:/);
    const logged = errors.mock.calls[0]?.[0] as { ref: string; err: Error };
    expect(logged.ref).toBe(ref);
    expect(logged.err).toBeInstanceOf(TypeError);
  });

  it('treats a failing deps factory (database down) the same way', async () => {
    vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const d = createDispatcher({
      commands,
      deps: () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const reply = await d.dispatchText('price sw0002', ctx);
    expect(reply.summary).toMatch(/^Something went wrong \(ref [0-9a-f]{6}\)/);
    expect(allText(reply)).not.toContain('ECONNREFUSED');
  });

  it('offers the suggestions of an unresolved figure as buttons that re-run the same command', async () => {
    const reply = await dispatcherWith().dispatchText('history boba fett 90', ctx);
    expect(reply.ephemeral).toBe(true);
    expect(reply.summary).toContain('"boba fett" matches 2 figures');
    const actions = reply.blocks.find((b) => b.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      buttons: [
        { label: 'sw0002', invocation: { command: 'history', options: { figure: 'sw0002', days: '90' } } },
        { label: 'sw0002a', invocation: { command: 'history', options: { figure: 'sw0002a', days: '90' } } },
      ],
    });
  });
});

describe('dispatch: bad input never crashes and never shows a stack trace', () => {
  const longArg = 'a'.repeat(6000);
  const cases: [string, string, RegExp][] = [
    ['unknown figure', 'price sw9999', /No figure matches "sw9999"/],
    ['unknown command', 'pricez sw0002', /Unknown command "pricez"/],
    ['empty arguments', 'price', /price needs figure/],
    ['only spaces in quotes', 'price "   "', /price needs figure/],
    ['a 6,000-character figure', `price ${longArg}`, /6000 characters long/],
    ['a 6,000-character search', `search ${longArg}`, /query is too long: 6000 characters, at most 100/],
    ['emoji as a figure', 'price 🦖🦖🦖', /No figure matches "🦖🦖🦖"/],
    ['emoji as a search', 'search 🦖', /No figures match "🦖"/],
    ['SQL metacharacters', "price sw0002'; drop table minifigures; --", /No figure matches/],
    ['LIKE wildcards', 'search %_\\', /No figures match/],
    ['negative days', 'history sw0002 -5', /days must be 7, 30, 90 or 365, not "-5"/],
    ['absurd days', 'history sw0002 99999999999999999999999', /days must be 7, 30, 90 or 365/],
    ['days that are not a number', 'history sw0002 days:lots', /days must be 7, 30, 90 or 365, not "lots"/],
    ['a year out of range', 'search vader 1200', /year must be between 1949 and 2100, not 1200/],
    ['an unknown theme', 'movers theme:"Star Warz"', /No theme "Star Warz". Did you mean: Star Wars\?/],
    ['a bad choice', 'movers period:2w', /period must be 1d, 7d or 30d, not "2w"/],
    // NUL and BEL go (PostgreSQL rejects NUL in text); "sw 0002" is then the spaced form of sw0002.
    ['control characters', 'price sw\u0000\u0007 0002', /^sw0002 Boba Fett - Classic Grays: no prices yet/],
  ];

  for (const [what, text, expected] of cases) {
    it(`${what}`, async () => {
      const reply = await dispatcherWith().dispatchText(text, ctx);
      expect(reply.summary).toMatch(expected);
      expect(allText(reply)).not.toMatch(/\n\s+at |Something went wrong/);
    });
  }

  it('typed values from a platform get the same checks', async () => {
    const d = dispatcherWith();
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [{ figure: 'sw0002', days: -5 }, /days must be 7, 30, 90 or 365, not "-5"/],
      [{ figure: 'sw0002', days: 1e308 }, /days must be 7, 30, 90 or 365/],
      [{ figure: 'sw0002', days: Number.NaN }, /days must be 7, 30, 90 or 365/],
      [{ figure: longArg, days: 30 }, /6000 characters long/],
      [{ figure: '', days: 30 }, /history needs figure/],
      [{ figure: true, days: 30 }, /No figure matches "true"/],
    ];
    for (const [options, expected] of cases) {
      const reply = await d.dispatch({ command: 'history', options }, ctx);
      expect(reply.summary).toMatch(expected);
      expect(reply.ephemeral).toBe(true);
    }
  });
});

describe('autocomplete', () => {
  it('offers labelled figure choices, at most 25, and nothing for an empty field', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...FIGURES.sw0002,
      id: `id-${i}`,
      itemNo: `sw${String(100 + i).padStart(4, '0')}`,
    }));
    const d = dispatcherWith(commands, fakeDeps({ figures: many }));
    const choices = await d.autocomplete({ command: 'price', option: 'figure', value: 'sw01' }, ctx);
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'sw0100 · Boba Fett - Classic Grays (2000)', value: 'sw0100' });
    expect(await d.autocomplete({ command: 'price', option: 'figure', value: '  ' }, ctx)).toEqual([]);
  });

  it('completes themes for the theme option and returns [] for unknown commands or options', async () => {
    const d = dispatcherWith();
    expect(await d.autocomplete({ command: 'movers', option: 'theme', value: 'star' }, ctx)).toEqual([
      { name: 'Star Wars (6 figures)', value: 'Star Wars' },
    ]);
    expect(await d.autocomplete({ command: 'nope', option: 'figure', value: 'x' }, ctx)).toEqual([]);
    expect(await d.autocomplete({ command: 'price', option: 'nope', value: 'x' }, ctx)).toEqual([]);
  });

  it('never throws: a failing store gives an empty list and a logged reference', async () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const deps = fakeDeps();
    deps.figures.autocomplete = async () => {
      throw new Error('boom');
    };
    expect(
      await dispatcherWith(commands, deps).autocomplete(
        { command: 'price', option: 'figure', value: 'sw' },
        ctx,
      ),
    ).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(1);
  });
});
