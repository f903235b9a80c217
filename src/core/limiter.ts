/**
 * At most `concurrency` pieces of work at a time; the rest wait their turn in order. Chat adapters
 * ack a request first and then queue its work here: with hundreds of commands in flight, a node
 * process that works on all of them at once answers each one late, its acks included, while one
 * that works on a few at a time finishes as many per second and still acks the newest at once.
 */
export interface Limiter {
  <T>(work: () => Promise<T>): Promise<T>;
  /** Whether work given now would start at once rather than wait its turn. */
  readonly hasRoom: boolean;
}

/**
 * Replies a chat adapter works on at once: enough to keep the database pool and the chart threads
 * busy. More finishes no more replies per second; it only lengthens each turn of the event loop,
 * and the acks of new requests wait behind it (bench/README.md has the figures).
 */
export const REPLY_CONCURRENCY = 8;

export function limiter(concurrency: number): Limiter {
  if (!(concurrency >= 1)) throw new Error(`concurrency must be at least 1, not ${concurrency}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const limit = async <T>(work: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot take it in between.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
  return Object.defineProperty(limit, 'hasRoom', { get: () => active < concurrency }) as Limiter;
}
