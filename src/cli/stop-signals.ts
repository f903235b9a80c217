/**
 * Ctrl-C, a polite kill, and the terminal closing. A command that started the embedded PostgreSQL
 * stops it itself on each of them, after its own work has wound down (see loadEmbeddedPostgres).
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];
