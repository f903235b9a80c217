import { describe, expect, it } from 'vitest';
import { workerConfig } from '../../src/cli/cluster.js';
import { loadConfig } from '../../src/config.js';

describe('workerConfig', () => {
  const gateway = loadConfig({ DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789012345678' });

  it('gives the Discord gateway session to the first worker only', () => {
    expect(workerConfig(gateway, 0).discord).toEqual(gateway.discord);
    expect(workerConfig(gateway, 1).discord).toBeUndefined();
    expect(workerConfig(gateway, 1).slack).toEqual(gateway.slack);
  });

  it('lets every worker serve Discord over HTTP', () => {
    const http = loadConfig({
      DISCORD_TOKEN: 'token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    });
    expect(workerConfig(http, 3).discord?.mode).toBe('http');
  });
});
