/**
 * A reply through every platform's renderer (Discord with its body rules, Slack with its block
 * rules, the console), as the texts each would show or send.
 */
import { expect } from 'vitest';
import { renderConsole } from '../../src/adapters/console/render.js';
import { render as renderDiscord } from '../../src/adapters/discord/render.js';
import { render as renderSlack } from '../../src/adapters/slack/render.js';
import type { Reply } from '../../src/core/reply.js';
import { messageBodyProblems } from './fakes/fake-discord-validate.js';
import { blockProblems } from './fakes/slack-block-rules.js';

export function renderEverywhere(reply: Reply): { discord: string; slack: string; console: string } {
  const discord = renderDiscord(reply, { withContent: true });
  expect(
    messageBodyProblems({ content: discord.content, embeds: discord.embeds, components: discord.components }),
  ).toEqual([]);
  const slack = renderSlack(reply);
  expect(blockProblems(slack.blocks)).toEqual([]);
  return { discord: JSON.stringify(discord), slack: JSON.stringify(slack), console: renderConsole(reply) };
}
