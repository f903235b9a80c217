import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { discordPlatform } from '../../src/adapters/discord/platform.js';
import { slackPlatform } from '../../src/adapters/slack/platform.js';
import { type Command, usage } from '../../src/core/command.js';
import { blocksOf, run } from './harness.js';

// Groups (alert, watch, digest) list each subcommand as "group sub ...".
const leaves = commands.flatMap((c) =>
  c.type === 'command'
    ? [{ command: c as Command, prefix: '' }]
    : c.subcommands.map((s) => ({ command: s, prefix: `${c.name} ` })),
);

describe('help', () => {
  it('is generated from the specs: every command with its usage and description', async () => {
    const { reply } = await run('help');
    expect(blocksOf(reply, 'fields')[0]?.fields).toEqual(
      leaves.map(({ command, prefix }) => ({ label: usage(command, prefix), value: command.description })),
    );
  });

  it('spells commands the way each platform takes them', async () => {
    const slack = await run('help', {}, { platform: 'slack', traits: slackPlatform });
    expect(blocksOf(slack.reply, 'fields')[0]?.fields[0]?.label).toBe(
      '/minifig price <figure> [condition: new|used] [currency] [detail: bricklink]',
    );
    const discord = await run('help price', {}, { platform: 'discord', traits: discordPlatform });
    expect(blocksOf(discord.reply, 'text')[1]?.text).toContain('/price figure:sw0002 condition:used');
  });

  it('explains one command: options with their limits, and examples', async () => {
    const { reply } = await run('help history');
    expect(blocksOf(reply, 'fields')[0]?.fields).toEqual([
      { label: 'figure', value: 'Item number (sw0002) or name (required)' },
      { label: 'days', value: 'How many days back (optional; one of 7, 30, 90, 365; default 30)' },
      { label: 'condition', value: 'Only this condition (optional; one of new, used)' },
      {
        label: 'currency',
        value: 'Show prices in this currency (EUR, GBP, JPY...); default: your setting (optional)',
      },
    ]);
    expect(blocksOf(reply, 'text')[1]?.text).toBe(
      'Examples:\n  history sw0001a\n  history sw0002 365\n  history sw0004 90 used',
    );
  });

  it('rejects an unknown command name', async () => {
    const { reply } = await run('help pricee');
    expect(reply).toMatchObject({ ephemeral: true, tone: 'error' });
    expect(reply.summary).toBe(
      `There is no command "pricee". Commands: ${commands.map((c) => c.name).join(', ')}.`,
    );
  });
});
