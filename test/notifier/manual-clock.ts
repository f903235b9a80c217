import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../src/notifier/pacer.js';

/**
 * A clock that moves only when the test moves it. Every `sleep` is also a signal: the notifier
 * calls it when it has nothing left to do and goes idle, so a test awaits `nextSleep()` instead
 * of guessing how long a round takes.
 */
export class ManualClock implements Clock {
  private time = 0;
  private readonly waiting = new Set<{ until: number; wake: () => void }>();
  /** Sleeps begun and not yet returned by nextSleep(), oldest first. */
  private readonly unseen: number[] = [];
  private onSleep: (() => void) | undefined;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const sleeper = {
        until: this.time + ms,
        wake: () => {
          this.waiting.delete(sleeper);
          resolve();
        },
      };
      if (signal?.aborted) return resolve();
      this.waiting.add(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.unseen.push(ms);
      this.onSleep?.();
    });
  }

  /**
   * The length of the next sleep, once it has begun (at once if one began since the last call).
   * Rejects after `failAfterMs` of real time, so a notifier that never goes idle fails the test
   * with a reason instead of hanging it.
   */
  async nextSleep(failAfterMs = 10_000): Promise<number> {
    if (this.unseen.length === 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve, reject) => {
        this.onSleep = resolve;
        timer = setTimeout(() => reject(new Error(`no sleep began within ${failAfterMs} ms`)), failAfterMs);
      }).finally(() => {
        clearTimeout(timer);
        this.onSleep = undefined;
      });
    }
    return this.unseen.shift() as number;
  }

  /** Moves time on by `ms`, ending the sleeps that were due by then. */
  advance(ms: number): void {
    this.time += ms;
    for (const sleeper of this.waiting) if (sleeper.until <= this.time) sleeper.wake();
  }
}

/**
 * Lets `ms` pass for a notifier on `clock`: the outbox's due times and leases, which PostgreSQL
 * reckons on its own clock, move `ms` earlier, then the notifier's clock moves on by `ms`.
 */
export async function letTimePass(orm: MikroORM, clock: ManualClock, ms: number): Promise<void> {
  await orm.em.fork().execute(
    `update notifications
       set next_attempt_at = next_attempt_at - make_interval(secs => ?),
           lease_until = lease_until - make_interval(secs => ?)
       where status in ('pending', 'sending')`,
    [ms / 1000, ms / 1000],
  );
  clock.advance(ms);
}
