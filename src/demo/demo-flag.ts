import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { hasDemoData } from './demo-data.js';

/** How often the main process looks whether a job retired the demo (a key lookup). */
const POLL_MS = 3_000;

export interface DemoFlag {
  /** Whether the bundled demo prices are in the database, as of the last look. */
  active(): boolean;
  stop(): void;
}

/**
 * The demo mark, kept current in the background: a job in a worker retires the demo when the first
 * real prices arrive, and replies stop saying DEMO DATA within a few seconds.
 */
export async function watchDemoFlag(orm: MikroORM, log: Logger): Promise<DemoFlag> {
  let active = await hasDemoData(orm.em.fork());
  const timer = setInterval(() => {
    hasDemoData(orm.em.fork())
      .then((now) => {
        if (active && !now) log.info('the demo data is gone; replies no longer carry its label');
        active = now;
      })
      .catch((err: unknown) => log.debug({ err }, 'could not read the demo mark'));
  }, POLL_MS);
  timer.unref();
  return { active: () => active, stop: () => clearInterval(timer) };
}
