/**
 * Slack's rule for signed requests: the `X-Slack-Request-Timestamp` must be within 5 minutes of
 * now, either way. Bolt refuses old requests only; this refuses those dated in the future too (a
 * captured request with a forward-dated timestamp could otherwise be replayed later).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_CLOCK_SKEW_SEC = 5 * 60;

/** Whether the request's timestamp header is more than 5 minutes ahead of `nowMs`. */
export function datedInTheFuture(header: string | string[] | undefined, nowMs: number): boolean {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(value) && value - Math.floor(nowMs / 1000) > MAX_CLOCK_SKEW_SEC;
}

/** Wraps a request listener: requests to `path` dated more than 5 minutes ahead get a bare 401. */
export function refuseFutureTimestamps(
  path: string,
  next: (req: IncomingMessage, res: ServerResponse) => void,
  onRefused: () => void,
  now: () => number = Date.now,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === path && datedInTheFuture(req.headers['x-slack-request-timestamp'], now())) {
      onRefused();
      res.writeHead(401).end();
      return;
    }
    next(req, res);
  };
}
