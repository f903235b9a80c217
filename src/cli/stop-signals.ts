/**
 * Ctrl-C, a polite kill, and the terminal closing. A command that started the embedded PostgreSQL
 * stops it itself on each of them, after its own work has wound down (see loadEmbeddedPostgres).
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];

/**
 * The first stop signal, named as the user knows it ('Ctrl-C' for SIGINT). Signals that arrive
 * while the shutdown runs call `onRepeat` (default: nothing).
 */
export function stopRequested(onRepeat?: () => void): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) onRepeat?.();
        received = true;
        resolve(signal === 'SIGINT' ? 'Ctrl-C' : signal);
      });
    }
  });
}
