/**
 * Options, subcommands and the invocation context through the real discord.js option resolver:
 * test commands echo what the dispatcher handed them, so the assertion is on the parsing itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, defineCommandGroup, opt } from '../../../src/core/command.js';
import { simpleReply } from '../../../src/core/reply.js';
import {
  apiUser,
  autocompleteInteraction,
  OPTION,
  slashCommandInteraction,
} from '../../support/fakes/fake-discord-payloads.js';
import { answerTo, choicesOf, embedOf, type Harness, shown, startHarness } from './harness.js';

const echo = (what: unknown) => simpleReply(JSON.stringify(what));

const commands = [
  defineCommandGroup({
    name: 'alert',
    description: 'Price alerts',
    subcommands: [
      defineCommand({
        name: 'add',
        description: 'Add an alert',
        options: {
          figure: opt.string({ description: 'figure', required: true }),
          below: opt.number({ description: 'price', min: 0 }),
          daily: opt.boolean({ description: 'daily digest' }),
        },
        run: async ({ options }) => echo(options),
      }),
      defineCommand({
        name: 'list',
        description: 'List alerts',
        options: {
          theme: opt.string({
            description: 'theme',
            autocomplete: async (typed) => [
              { name: `theme ${typed}`, value: typed },
              ...Array.from({ length: 40 }, (_, i) => ({ name: `t${i}`, value: `t${i}` })),
            ],
          }),
        },
        run: async ({ options }) => echo(options),
      }),
    ],
  }),
  defineCommand({
    name: 'whoami',
    description: 'Echo the context',
    run: async ({ context }) => echo(context),
  }),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands });
});
afterAll(() => h?.close());

async function ask(payload: Record<string, unknown>): Promise<unknown> {
  h.fake.sendInteraction(payload);
  const answer = await answerTo(h.fake, payload.token as string);
  return JSON.parse(shown(embedOf(answer.json).description));
}

describe('Discord option parsing', () => {
  it('reads a subcommand and its typed options (number, boolean), ignoring options no spec declares', async () => {
    const result = await ask(
      slashCommandInteraction(h.fake.applicationId, {
        name: 'alert',
        options: [
          {
            name: 'add',
            type: OPTION.SUB_COMMAND,
            options: [
              { name: 'figure', type: OPTION.STRING, value: 'sw0002' },
              { name: 'below', type: OPTION.NUMBER, value: 12.5 },
              { name: 'daily', type: OPTION.BOOLEAN, value: true },
              { name: 'stale', type: OPTION.STRING, value: 'from an old registration' },
            ],
          },
        ],
      }),
    );
    expect(result).toEqual({ figure: 'sw0002', below: 12.5, daily: true });
  });

  it('answers autocomplete for a subcommand option with at most 25 choices', async () => {
    const payload = autocompleteInteraction(h.fake.applicationId, {
      name: 'alert',
      options: [
        {
          name: 'list',
          type: OPTION.SUB_COMMAND,
          options: [{ name: 'theme', type: OPTION.STRING, value: 'star', focused: true }],
        },
      ],
    });
    h.fake.sendInteraction(payload);
    const answer = await h.fake.waitForCall((c) => c.params.id === payload.id && c.status < 300);
    const choices = choicesOf(answer);
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'theme star', value: 'star' });
  });
});

describe('Discord invocation context', () => {
  it('a guild member with Manage Channels is an admin; the ids come from the interaction', async () => {
    const user = apiUser();
    const manageChannels = (1n << 4n).toString();
    const payload = slashCommandInteraction(
      h.fake.applicationId,
      { name: 'whoami' },
      { user, permissions: manageChannels, guildId: '111111111111111111', channelId: '222222222222222222' },
    );
    expect(await ask(payload)).toEqual({
      platform: 'discord',
      traits: expect.objectContaining({
        name: 'discord',
        adminWording: expect.stringContaining('Manage Channels'),
      }),
      userId: user.id,
      workspaceId: '111111111111111111',
      channelId: '222222222222222222',
      isAdmin: true,
    });
  });

  it('a member without it is not; in a DM the user is', async () => {
    const member = await ask(
      slashCommandInteraction(
        h.fake.applicationId,
        { name: 'whoami' },
        { permissions: (1n << 11n).toString() },
      ),
    );
    expect(member).toMatchObject({ isAdmin: false });
    const user = apiUser();
    const dm = await ask(
      slashCommandInteraction(h.fake.applicationId, { name: 'whoami' }, { dm: true, user }),
    );
    expect(dm).toMatchObject({ userId: user.id, isAdmin: true });
    expect(dm).not.toHaveProperty('workspaceId');
  });
});
