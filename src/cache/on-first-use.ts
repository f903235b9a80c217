/**
 * `make()`'s object, made when one of its properties is first read, then the same one. For the
 * services of a dispatch that most replies never touch (a forked EntityManager, the alerting
 * store): making them costs more than the rest of a reply answered from memory.
 */
export function onFirstUse<T extends object>(make: () => T): T {
  let made: T | undefined;
  return new Proxy({} as T, {
    get: (_target, property) => {
      made ??= make();
      const value = Reflect.get(made, property, made);
      return typeof value === 'function' ? value.bind(made) : value;
    },
    has: (_target, property) => Reflect.has((made ??= make()), property),
  });
}
