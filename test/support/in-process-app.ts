import { loadConfig } from '../../src/config.js';
import { type AppHandle, type AppOptions, startApp } from '../../src/main.js';
import { quiet } from '../notifier/e2e-support.js';
import type { TestDatabase } from './db.js';

/**
 * The whole app (startApp) in this process on a test database, quiet, on a free port, with the
 * notifier polling often. Its job workers read the environment, so DATABASE_URL points there too
 * until `stop`, which puts the environment back.
 */
export async function startAppOn(
  db: TestDatabase,
  env: Record<string, string> = {},
  opts: Pick<AppOptions, 'console' | 'platforms'> = {},
): Promise<AppHandle> {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: process.env.LOG_LEVEL };
  const restore = () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    NOTIFY_POLL_MS: '250',
    ...env,
  });
  const app = await startApp({ config, log: quiet, ...opts }).catch((err: unknown) => {
    restore();
    throw err;
  });
  return {
    ...app,
    async stop() {
      await app.stop();
      restore();
    },
  };
}
