/**
 * Ctrl-C, a polite kill, and the terminal closing. A command that started the embedded PostgreSQL
 * stops it itself on each of them, after its own work has wound down (see loadEmbeddedPostgres).
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];

/**
 * Calls `first` with the first stop signal, and `repeat` for every one after it, which arrives
 * while the shutdown `first` began is running (default: nothing). The returned function takes the
 * listeners off again.
 */
export function onStopSignals(first: (signal: NodeJS.Signals) => void, repeat?: () => void): () => void {
  let received = false;
  const listener = (signal: NodeJS.Signals) => {
    if (received) return repeat?.();
    received = true;
    first(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}
