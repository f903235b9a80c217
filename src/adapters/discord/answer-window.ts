/**
 * Discord allows 3 seconds to acknowledge an interaction. A reply ready within half of that is the
 * acknowledgement itself, private or public as the reply says, so an error or a private answer never
 * shows the channel a placeholder; a slower one is deferred first. Both transports use this window.
 */
export const ANSWER_AT_ONCE_MS = 1500;

/** The promise's value if it settles within `ms`, else undefined (it keeps running). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
