/**
 * Registration JSON derived from the command specs, its PUT to the fake Discord (which checks it
 * as Discord does), and `minifig discord register [--guild ID]`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../commands/index.js';
import { createRest } from '../../../src/adapters/discord/client.js';
import { commandsJson, registerCommands } from '../../../src/adapters/discord/register.js';
import { registerDiscordCommands } from '../../../src/cli/discord-commands.js';
import {
  type AnyCommand,
  defineCommand,
  defineCommandGroup,
  type OptionSpec,
  opt,
} from '../../../src/core/command.js';
import { UserError } from '../../../src/core/errors.js';
import { FakeDiscord } from '../../support/fakes/fake-discord.js';
import { REPO_ROOT } from '../../support/paths.js';

/** Discord's option type numbers, written out from its documentation. */
const TYPE: Record<OptionSpec['kind'], number> = {
  string: 3,
  figure: 3,
  choice: 3,
  integer: 4,
  boolean: 5,
  number: 10,
  file: 11,
};

type Json = Record<string, unknown>;

function expectedOption(name: string, spec: OptionSpec): Json {
  const choices =
    spec.kind === 'choice'
      ? spec.choices.map((c) => ({ name: c, value: c }))
      : spec.kind === 'integer' && spec.choices
        ? spec.choices.map((n) => ({ name: String(n), value: n }))
        : undefined;
  const autocomplete =
    spec.kind === 'figure'
      ? spec.autocomplete
      : spec.kind === 'string'
        ? Boolean(spec.autocomplete)
        : undefined;
  return {
    name,
    description: spec.description,
    type: TYPE[spec.kind],
    required: spec.required,
    ...(choices ? { choices } : {}),
    ...(autocomplete !== undefined ? { autocomplete } : {}),
  };
}

describe('Discord registration JSON', () => {
  it('has one chat-input command per spec, options of the right type, order, requiredness and choices', () => {
    const json = commandsJson(commands) as unknown as Json[];
    expect(json.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const [i, command] of commands.entries()) {
      if (command.type !== 'command') continue;
      const registered = json[i] as Json;
      expect(registered.description).toBe(command.description);
      expect(registered.contexts).toEqual([0, 1]);
      const options = (registered.options ?? []) as Json[];
      expect(options.map((o) => o.name)).toEqual(Object.keys(command.options));
      for (const [j, [name, spec]] of Object.entries(command.options).entries()) {
        expect(options[j], `${command.name} ${name}`).toMatchObject(expectedOption(name, spec));
      }
    }
    const figure = ((json.find((c) => c.name === 'price')?.options ?? []) as Json[])[0];
    expect(figure).toMatchObject({ type: 3, autocomplete: true, required: true, max_length: 100 });
    const days = ((json.find((c) => c.name === 'history')?.options ?? []) as Json[]).find(
      (o) => o.name === 'days',
    );
    expect(days?.choices).toEqual([7, 30, 90, 365].map((n) => ({ name: String(n), value: n })));
  });

  it('turns a command group into SUB_COMMAND options with their own options', () => {
    const group: AnyCommand = defineCommandGroup({
      name: 'alert',
      description: 'Price alerts',
      subcommands: [
        defineCommand({
          name: 'add',
          description: 'Add one',
          options: {
            figure: opt.figure({ description: 'f', required: true }),
            below: opt.number({ description: 'p', min: 0 }),
          },
          run: async () => ({ summary: '', blocks: [] }),
        }),
        defineCommand({ name: 'list', description: 'List', run: async () => ({ summary: '', blocks: [] }) }),
      ],
    });
    const [json] = commandsJson([group]) as unknown as Json[];
    expect(json?.options).toEqual([
      {
        type: 1,
        name: 'add',
        description: 'Add one',
        options: [
          expect.objectContaining({ name: 'figure', type: 3, required: true, autocomplete: true }),
          expect.objectContaining({ name: 'below', type: 10, required: false, min_value: 0 }),
        ],
      },
      expect.objectContaining({ type: 1, name: 'list', description: 'List' }),
    ]);
  });
});

describe('registering with Discord', () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await new FakeDiscord().start();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });

  it('PUTs the commands globally or to one guild, and Discord accepts them', async () => {
    const rest = createRest({ token: fake.token, apiUrl: fake.apiUrl });
    const global = await registerCommands(rest, fake.applicationId, commands);
    expect(global.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(fake.callsTo('PUT /applications/:app/commands')[0]?.status).toBe(200);
    await registerCommands(rest, fake.applicationId, commands, { guildId: '123456789012345678' });
    expect(fake.messages.commands.guilds.get('123456789012345678')?.map((c) => c.name)).toEqual(
      commands.map((c) => c.name),
    );
  });

  function program(): { run(args: string[]): Promise<void>; printed: string[] } {
    const printed: string[] = [];
    const cli = new Command('minifig')
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerDiscordCommands(cli, (text) => printed.push(text), commands);
    return { printed, run: (args) => cli.parseAsync(['node', 'minifig', ...args]).then(() => undefined) };
  }

  const env = (token: string) => {
    vi.stubEnv('DISCORD_TOKEN', token);
    vi.stubEnv('DISCORD_APPLICATION_ID', fake.applicationId);
    vi.stubEnv('DISCORD_API_URL', fake.apiUrl);
  };

  it('`minifig discord register --guild ID` registers in that guild and says so', async () => {
    env(fake.token);
    const cli = program();
    await cli.run(['discord', 'register', '--guild', '123456789012345678']);
    expect(cli.printed).toEqual([
      `Registered ${commands.length} commands in server 123456789012345678: ${commands.map((c) => `/${c.name}`).join(', ')}`,
    ]);
    expect(fake.callsTo('PUT /applications/:app/guilds/:guild/commands')).toHaveLength(1);
  });

  it('explains a missing configuration, a refused token and a bad guild id', async () => {
    vi.stubEnv('DISCORD_TOKEN', '');
    await expect(program().run(['discord', 'register'])).rejects.toThrow(/Set DISCORD_TOKEN/);
    env('wrong-token');
    const refused = program().run(['discord', 'register']);
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/401.*Check DISCORD_TOKEN/);
    await expect(program().run(['discord', 'register', '--guild', 'abc'])).rejects.toBeInstanceOf(
      CommanderError,
    );
  });

  it('works from the real CLI: `npx minifig discord register --guild ID`', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      'node',
      [path.join(REPO_ROOT, 'bin/minifig.js'), 'discord', 'register', '--guild', '223456789012345678'],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          LOG_LEVEL: 'error',
          DISCORD_TOKEN: fake.token,
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.apiUrl,
        },
      },
    );
    expect(stdout).toContain(`Registered ${commands.length} commands in server 223456789012345678`);
    expect(fake.messages.commands.guilds.get('223456789012345678')).toHaveLength(commands.length);
  });
});
