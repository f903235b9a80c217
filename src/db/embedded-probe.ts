import { realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { dataDirectoryAt } from './repositories/database-admin.js';

/** What listens on a port of 127.0.0.1, as seen with the embedded server's credentials. */
export type PortOccupant =
  | { kind: 'free' }
  | { kind: 'postgres'; dataDirectory: string }
  /** Something that is not a PostgreSQL we can log in to: another program, or another user's server. */
  | { kind: 'other' };

export async function probePort(port: number, user: string, password: string): Promise<PortOccupant> {
  try {
    const dataDirectory = await dataDirectoryAt(port, user, password);
    return dataDirectory ? { kind: 'postgres', dataDirectory } : { kind: 'other' };
  } catch (err) {
    return (err as { code?: string }).code === 'ECONNREFUSED' ? { kind: 'free' } : { kind: 'other' };
  }
}

/** Whether two directories are the same one, symbolic links and `..` resolved. */
export async function sameDirectory(a: string, b: string): Promise<boolean> {
  const [ra, rb] = await Promise.all([realDirectory(a), realDirectory(b)]);
  return ra === rb;
}

async function realDirectory(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    // Missing (not initialised yet) or unreadable: compare the path as written.
    return path.resolve(dir);
  }
}

/**
 * The first port after `after` that 127.0.0.1 can listen on, so that the port stays the same from
 * one start to the next while the same servers run; the system picks one if the next 100 are taken.
 */
export async function nextFreePort(after: number): Promise<number> {
  for (let port = after + 1; port <= Math.min(after + 100, 65535); port++) {
    if ((await listenablePort(port)) !== undefined) return port;
  }
  return freePort();
}

/** A port of 127.0.0.1 that nothing listens on, picked by the system. */
export async function freePort(): Promise<number> {
  const port = await listenablePort(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

function listenablePort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}
