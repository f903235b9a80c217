/**
 * Gateway sharding: two replicas, each running one of two shards (DISCORD_SHARDS=2,
 * DISCORD_SHARD_IDS=0 and =1), logged in with the real discord.js client to a fake gateway that
 * routes each guild's events to its shard as Discord does. Every interaction is answered once, by
 * the replica that owns its guild's shard.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordAdapter, startDiscord } from '../../src/adapters/discord/index.js';
import { defineCommand } from '../../src/core/command.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import { simpleReply } from '../../src/core/reply.js';
import type { Deps } from '../../src/deps.js';
import { answerTo, embedOf, shown } from '../adapters/discord/harness.js';
import { FakeDiscord } from '../support/fakes/fake-discord.js';
import { shardOf } from '../support/fakes/fake-discord-gateway.js';
import { slashCommandInteraction, snowflake } from '../support/fakes/fake-discord-payloads.js';

const CALLBACK = 'POST /interactions/:id/:token/callback';
const silent = pino({ level: 'silent' });
const deps = { now: () => new Date(), demoData: false } as Deps;

function replicaDispatcher(name: string) {
  const whoami = defineCommand({
    name: 'whoami',
    description: 'Which replica answered',
    run: async () => simpleReply(`answered by ${name}`),
  });
  return createDispatcher({ commands: [whoami], deps: () => deps, log: silent });
}

describe('Discord gateway shards split across replicas', () => {
  let fake: FakeDiscord;
  const replicas: DiscordAdapter[] = [];

  beforeAll(async () => {
    fake = await new FakeDiscord({ recommendedShards: 2, maxConcurrency: 2 }).start();
    for (const shard of [0, 1]) {
      replicas.push(
        await startDiscord({
          config: {
            token: fake.token,
            applicationId: fake.applicationId,
            apiUrl: fake.apiUrl,
            shardCount: 2,
            shardIds: [shard],
          },
          dispatcher: replicaDispatcher(`replica-${shard}`),
          log: silent,
        }),
      );
    }
    await fake.gateway.waitForSessions(2);
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await fake?.close();
  });

  it('each replica identifies as its own shard of two', () => {
    const identified = fake.gateway.identifies.map((d) => d.shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(fake.gateway.shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('answers every interaction once, from the replica that owns its guild', async () => {
    // Guilds spread over both shards (snowflakes of different moments fall on either side).
    const guilds = Array.from({ length: 12 }, (_, i) => snowflake(Date.now() - i * 4_194_304_017));
    const owners = new Set(guilds.map((g) => shardOf(g, 2)));
    expect(owners).toEqual(new Set([0, 1]));

    const sent = guilds.map((guildId) => {
      const payload = slashCommandInteraction(fake.applicationId, { name: 'whoami' }, { guildId });
      fake.sendInteraction(payload);
      return { guildId, id: payload.id as string, token: payload.token as string };
    });
    for (const s of sent) {
      const answer = await answerTo(fake, s.token);
      expect(shown(embedOf(answer.json).description ?? embedOf(answer.json).title)).toContain(
        `answered by replica-${shardOf(s.guildId, 2)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const s of sent) {
      expect(fake.callsTo(CALLBACK).filter((c) => c.params.id === s.id)).toHaveLength(1);
    }
  });
});
