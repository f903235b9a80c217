/**
 * Spaces messages to the same target: `wait(key, intervalMs)` resolves when at least `intervalMs`
 * has passed since the previous send to `key` was started. One process's view only: two notifier
 * instances posting to one Slack channel each keep their own pace (Slack then answers 429, which
 * the retry policy turns into a delay).
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Reserves the next slot for `key` and waits for it. Callers for one key are served in call order. */
  async wait(key: string, intervalMs: number, signal?: AbortSignal): Promise<void> {
    const now = this.clock();
    const slot = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, slot + intervalMs);
    const delay = slot - now;
    if (delay <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
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

  /** Forgets keys whose slot has passed, so the map does not grow with every channel ever seen. */
  prune(): void {
    const now = this.clock();
    for (const [key, at] of this.next) if (at <= now) this.next.delete(key);
  }
}
