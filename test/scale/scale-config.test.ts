import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const discord = { DISCORD_TOKEN: 'bot-token', DISCORD_APPLICATION_ID: '123456789012345678' };
const key = 'ab'.repeat(32);

describe('configuration for many workspaces, HTTP interactions and shards', () => {
  it('keeps the gateway as the default Discord mode, with every shard in one process', () => {
    const config = loadConfig(discord);
    expect(config.discord).toMatchObject({ mode: 'gateway', shardCount: 'auto', shardIds: undefined });
  });

  it('DISCORD_MODE=http needs the public key', () => {
    expect(() => loadConfig({ ...discord, DISCORD_MODE: 'http' })).toThrow(/DISCORD_PUBLIC_KEY: required/);
    const config = loadConfig({ ...discord, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: key });
    expect(config.discord).toMatchObject({ mode: 'http', publicKey: key });
    expect(() => loadConfig({ ...discord, DISCORD_PUBLIC_KEY: 'not-hex' })).toThrow(/64 hex digits/);
  });

  it('shards: a fixed count, and ids inside it', () => {
    const config = loadConfig({ ...discord, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2, 3' });
    expect(config.discord).toMatchObject({ shardCount: 4, shardIds: [2, 3] });
    expect(() => loadConfig({ ...discord, DISCORD_SHARD_IDS: '0' })).toThrow(/not auto/);
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1,2' })).toThrow(
      /shard 2 does not exist/,
    );
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: 'many' })).toThrow(ConfigError);
  });

  it('single-token Slack stays as it was', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', oauth: undefined });
  });

  it('"Add to Slack" takes the client id, secret, state secret and token key together', () => {
    const oauth = {
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'secret',
      SLACK_STATE_SECRET: 'state',
      SLACK_TOKEN_KEY: key,
    };
    const config = loadConfig(oauth);
    expect(config.slack?.oauth?.tokenKey).toEqual(Buffer.from(key, 'hex'));
    expect(config.slack?.botToken).toBeUndefined();
    expect(
      loadConfig({ ...oauth, SLACK_TOKEN_KEY: Buffer.alloc(32, 7).toString('base64') }).slack?.oauth,
    ).toBeDefined();
    expect(() => loadConfig({ ...oauth, SLACK_STATE_SECRET: '', SLACK_TOKEN_KEY: '' })).toThrow(
      /also needs SLACK_STATE_SECRET, SLACK_TOKEN_KEY/,
    );
    expect(() => loadConfig({ ...oauth, SLACK_TOKEN_KEY: 'short' })).toThrow(/32 random bytes/);
  });
});
