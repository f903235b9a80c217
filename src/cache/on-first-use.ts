/**
 * `make()`'s object, made when one of its properties is first read, then the same one. For the
 * services of a dispatch that most replies never touch (a forked EntityManager, the alerting
 * store): making them costs more than the rest of a reply answered from memory.
 */
export function onFirstUse<T extends object>(make: () => T): T {
  let made: T | undefined;
  const real = (): T => {
    made ??= make();
    return made;
  };
  return new Proxy({} as T, {
    get: (_target, property) => {
      const value = Reflect.get(real(), property, real());
      return typeof value === 'function' ? value.bind(real()) : value;
    },
    has: (_target, property) => Reflect.has(real(), property),
  });
}
