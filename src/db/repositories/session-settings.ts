/**
 * Every pooled connection starts without JIT. JIT pays off only for long scans; on this schema's
 * statements its compile time is most of the cost (their estimates are inflated by partitions), and
 * a chat read that needs no transaction should not open one to turn it off.
 */
export const SESSION_SETTINGS = 'set jit = off';

/** The pool's `afterCreate` hook: applies SESSION_SETTINGS to a new connection before it is used. */
export function applySessionSettings(
  conn: { query(sql: string, cb: (err: Error | null) => void): void },
  done: (err: Error | null, conn: unknown) => void,
): void {
  conn.query(SESSION_SETTINGS, (err) => done(err, conn));
}
