/**
 * A value loaded on first use and kept; once older than `maxAgeMs` it is reloaded in the
 * background while callers keep getting the last good value (stale-while-revalidate), so only the
 * very first caller ever waits. A failed load is never kept: the next call tries again, and a
 * failed background reload leaves the last good value in place.
 */
export interface Refreshing<T> {
  get(): Promise<T>;
  /** Loads now (e.g. at start-up) and resolves when done. */
  warm(): Promise<T>;
}

export function refreshing<T>(
  load: () => Promise<T>,
  maxAgeMs: number,
  opts: { clock?: () => number; onError?: (err: unknown) => void } = {},
): Refreshing<T> {
  const clock = opts.clock ?? Date.now;
  let current: { value: Promise<T>; at: number } | undefined;
  let reloading = false;

  const first = () => {
    const value = load();
    const entry = { value, at: clock() };
    current = entry;
    value.catch(() => {
      if (current === entry) current = undefined;
    });
    return value;
  };

  return {
    get() {
      if (!current) return first();
      if (clock() - current.at > maxAgeMs && !reloading) {
        reloading = true;
        const at = clock();
        load()
          .then((v) => {
            current = { value: Promise.resolve(v), at };
          })
          .catch((err: unknown) => opts.onError?.(err))
          .finally(() => {
            reloading = false;
          });
      }
      return current.value;
    },
    warm: () => first(),
  };
}
