/**
 * Spaces messages to the same target: `wait(key, intervalMs)` resolves when at least `intervalMs`
 * has passed since the previous `wait` for `key` resolved, and the caller then sends at once. The
 * notifier sends to one target from one queue at a time, so waits for a key never overlap.
 * One process's view only: two notifier instances posting to one Slack channel each keep their
 * own pace (Slack then answers 429, which the retry policy turns into a delay).
 */
/**
 * The time the notifier and its pacer read and how they wait: the real ones, or a test's virtual
 * clock. `sleep` resolves after `ms`, or at once when `signal` aborts.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: Clock = { now: () => performance.now(), sleep };

export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly clock: Clock = REAL_CLOCK) {}

  async wait(key: string, intervalMs: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = this.next.get(key) ?? 0;
      if (now >= due || signal?.aborted) {
        this.next.set(key, now + intervalMs);
        return;
      }
      // Timers may fire a little early; the loop checks again.
      await this.clock.sleep(due - now, signal);
    }
  }

  /** Forgets keys whose slot has passed, so the map does not grow with every channel ever seen. */
  prune(): void {
    const now = this.clock.now();
    for (const [key, at] of this.next) if (at <= now) this.next.delete(key);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(1, Math.ceil(ms)));
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
