import { describe, expect, it } from 'vitest';
import { limiter } from '../../src/core/limiter.js';

describe('limiter', () => {
  it('runs at most n at a time, in the order they came, and passes results and errors through', async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const job = (n: number) =>
      limit(async () => {
        started.push(n);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (n === 3) throw new Error('three failed');
        return n * 10;
      });
    const results = [1, 2, 3, 4, 5].map((n) => job(n).catch((e: Error) => e.message));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([1, 2]);
    while (releases.length > 0 || started.length < 5) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await Promise.all(results)).toEqual([10, 20, 'three failed', 40, 50]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('has room while fewer than n run, and none while one waits', async () => {
    const limit = limiter(1);
    expect(limit.hasRoom).toBe(true);
    let release = () => {};
    const first = limit(() => new Promise<void>((resolve) => (release = resolve)));
    expect(limit.hasRoom).toBe(false);
    const second = limit(async () => 'second');
    release();
    await first;
    expect(await second).toBe('second');
    expect(limit.hasRoom).toBe(true);
  });

  it('refuses a concurrency below one', () => {
    expect(() => limiter(0)).toThrow('at least 1');
  });
});
