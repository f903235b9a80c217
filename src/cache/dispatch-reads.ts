import { type ReadCache, readKey } from './until-changed.js';

/**
 * A read shared by the calls of one dispatch and kept until the data changes: `price` asks for a
 * figure's quote, sets and BrickLink guides at once, and one read of the figure's facts answers
 * all three, whether or not reads are kept (a read replica keeps none). Make one per dispatch.
 */
export function sharedRead<A extends unknown[], T>(
  kept: ReadCache,
  name: string,
  load: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  const read = new Map<string, Promise<T>>();
  return (...args) => {
    const key = readKey(name, ...args);
    let value = read.get(key);
    if (!value) {
      value = kept.get(key, () => load(...args));
      read.set(key, value);
    }
    return value;
  };
}
