import { describe, expect, it, vi } from 'vitest';
import { refreshing } from '../../src/cache/refreshing.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('refreshing', () => {
  it('loads once, then serves the last value while a stale one reloads in the background', async () => {
    let t = 0;
    const loads = [deferred<string>(), deferred<string>()];
    const load = vi.fn(
      () => (loads[load.mock.calls.length - 1] as ReturnType<typeof deferred<string>>).promise,
    );
    const cache = refreshing(load, 100, { clock: () => t });

    const first = cache.get();
    const again = cache.get();
    loads[0]?.resolve('v1');
    expect(await first).toBe('v1');
    expect(await again).toBe('v1');
    expect(load).toHaveBeenCalledTimes(1);

    t = 150;
    expect(await cache.get()).toBe('v1');
    expect(await cache.get()).toBe('v1');
    expect(load).toHaveBeenCalledTimes(2);
    loads[1]?.resolve('v2');
    await loads[1]?.promise;
    await new Promise((r) => setImmediate(r));
    expect(await cache.get()).toBe('v2');
  });

  it('never keeps a failure: the first load is retried, a failed reload keeps the old value', async () => {
    let t = 0;
    const errors: unknown[] = [];
    let calls = 0;
    const cache = refreshing(
      async () => {
        calls++;
        if (calls === 1 || calls === 3) throw new Error(`load ${calls} failed`);
        return `v${calls}`;
      },
      100,
      { clock: () => t, onError: (e) => errors.push(e) },
    );
    await expect(cache.get()).rejects.toThrow('load 1 failed');
    expect(await cache.get()).toBe('v2');
    t = 200;
    expect(await cache.get()).toBe('v2');
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    expect(await cache.get()).toBe('v2');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get()).toBe('v4');
  });
});
