import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';
import { portFilePath, readPortFile } from '../../src/db/embedded-port-file.js';
import { freePort } from '../../src/db/embedded-probe.js';
import { type DbServer, startEmbeddedServer } from '../../src/db/embedded-server.js';
import { startServer } from '../../src/db/orm.js';
import { log } from '../../src/log.js';
import { minifig } from '../support/minifig-cli.js';

/**
 * Two checkouts on one machine: two DATA_DIRs with the same EMBEDDED_PG_PORT. Each must get its
 * own server, found again by every process of that DATA_DIR, and never the other one's data.
 */
const dirs: string[] = [];
function dataDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `minifig-embedded-${name}-`));
  chmodSync(dir, 0o755); // under root, the postgres user must reach it
  dirs.push(dir);
  return dir;
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

const portOf = (server: DbServer) => Number(new URL(server.url).port);
const dataDirectoryOf = async (server: DbServer) =>
  (await query<{ data_directory: string }>(server.url, 'show data_directory'))[0]?.data_directory;
const notesOf = async (server: DbServer) =>
  (await query<{ v: string }>(server.url, 'select v from notes order by v')).map((r) => r.v);
const answers = (server: DbServer) =>
  query(server.url, 'select 1').then(
    () => true,
    () => false,
  );

/** The messages of the warnings logged while `fn` runs. */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const warn = vi.spyOn(log, 'warn');
  try {
    await fn();
    return warn.mock.calls.map((args) => String(args[1]));
  } finally {
    warn.mockRestore();
  }
}

let dirA: string;
let dirB: string;
let configured: number;
let a: DbServer;
let b: DbServer | undefined;

beforeAll(async () => {
  dirA = dataDir('a');
  dirB = dataDir('b');
  configured = await freePort();
  a = await startEmbeddedServer({ dataDir: dirA, port: configured });
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('two data directories with one EMBEDDED_PG_PORT', () => {
  it('each gets its own server, the second on another port with one line saying so, and no data crosses', async () => {
    expect(portOf(a)).toBe(configured);
    expect(readPortFile(dirA)).toMatchObject({ port: configured, pid: process.pid });

    const warnings = await warningsDuring(async () => {
      b = await startEmbeddedServer({ dataDir: dirB, port: configured });
    });
    if (!b) throw new Error('B did not start');
    const moved = portOf(b);
    expect(moved).not.toBe(configured);
    expect(readPortFile(dirB)).toMatchObject({ port: moved, pid: process.pid });
    expect(warnings).toHaveLength(1);
    const line = warnings[0];
    expect(line).toContain(`Port ${configured}`);
    expect(line).toContain(`port ${moved}`);
    expect(line).toContain(path.join(dirA, 'postgres'));
    expect(line).toContain(path.join(dirB, 'postgres'));

    expect(await dataDirectoryOf(a)).toBe(path.join(dirA, 'postgres'));
    expect(await dataDirectoryOf(b)).toBe(path.join(dirB, 'postgres'));
    await query(a.url, `create table notes (v text); insert into notes values ('written in A')`);
    await query(b.url, `create table notes (v text); insert into notes values ('written in B')`);
    expect(await notesOf(a)).toEqual(['written in A']);
    expect(await notesOf(b)).toEqual(['written in B']);
  });

  it("a second process of each DATA_DIR reuses that DATA_DIR's server, and leaves it running", async () => {
    if (!b) throw new Error('the first test did not start B');
    // As a job worker does: startServer with the configuration, which names only EMBEDDED_PG_PORT.
    const againB = await startServer(loadConfig({ DATA_DIR: dirB, EMBEDDED_PG_PORT: String(configured) }));
    const againA = await startServer(loadConfig({ DATA_DIR: dirA, EMBEDDED_PG_PORT: String(configured) }));
    expect(againB.url).toBe(b.url);
    expect(againA.url).toBe(a.url);
    expect(await notesOf(againB)).toEqual(['written in B']);
    await againB.stop();
    await againA.stop();
    expect(await answers(b)).toBe(true);
    expect(await answers(a)).toBe(true);
  });

  it('a command run in another process with the second DATA_DIR works on its server only', async () => {
    if (!b) throw new Error('the first test did not start B');
    const run = await minifig(['db', 'migrate'], {
      DATA_DIR: dirB,
      EMBEDDED_PG_PORT: String(configured),
      LOG_LEVEL: 'warn',
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const migrated = `select count(*)::int as n from information_schema.tables where table_name = 'mikro_orm_migrations'`;
    expect(await query(b.url, migrated)).toEqual([{ n: 1 }]);
    expect(await query(a.url, migrated)).toEqual([{ n: 0 }]);
    // The command reused B's server: it still runs, with its port file, after the command ended.
    expect(await answers(b)).toBe(true);
    expect(readPortFile(dirB)?.port).toBe(portOf(b));
  }, 120_000);
});

describe('a port file that no longer tells the truth', () => {
  it('stopping removes the port file', async () => {
    await b?.stop();
    b = undefined;
    expect(existsSync(portFilePath(dirB))).toBe(false);
  });

  it("naming a port that now serves another DATA_DIR: that server is not used, and this one's own data is back", async () => {
    writeFileSync(
      portFilePath(dirB),
      JSON.stringify({ port: configured, pid: 999_999, startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    b = await startEmbeddedServer({ dataDir: dirB, port: configured });
    expect(portOf(b)).not.toBe(configured);
    expect(await notesOf(b)).toEqual(['written in B']);
    expect(await notesOf(a)).toEqual(['written in A']);
    expect(readPortFile(dirB)).toMatchObject({ port: portOf(b), pid: process.pid });
    await b.stop();
    b = undefined;
  });

  it('naming a port where nothing runs, or unreadable: the server starts on the configured port', async () => {
    const nothing = await freePort();
    const alone = await freePort();
    for (const stale of [JSON.stringify({ port: nothing, pid: 999_999, startedAt: 'x' }), '{"port": oops']) {
      writeFileSync(portFilePath(dirB), stale);
      b = await startEmbeddedServer({ dataDir: dirB, port: alone });
      expect(portOf(b)).toBe(alone);
      expect(readPortFile(dirB)).toMatchObject({ port: alone, pid: process.pid });
      expect(await notesOf(b)).toEqual(['written in B']);
      await b.stop();
      b = undefined;
    }
  });

  it('missing while the server still runs elsewhere: a clear error, not a second server on the same files', async () => {
    b = await startEmbeddedServer({ dataDir: dirB, port: await freePort() });
    rmSync(portFilePath(dirB));
    const attempt = startEmbeddedServer({ dataDir: dirB, port: await freePort() });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`${path.join(dirB, 'postgres')} is in use by another PostgreSQL server \\(process \\d+\\)`),
    );
    expect(await notesOf(b)).toEqual(['written in B']);
    await b.stop();
    b = undefined;
  });
});

describe('EMBEDDED_PG_PORT held by a program that is not PostgreSQL', () => {
  const sockets = new Set<Socket>();
  const squatter: Server = createServer((socket) => {
    sockets.add(socket);
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  });

  it('the server starts on the next free port, and the line says another program holds it', async () => {
    const held = await new Promise<number>((resolve) =>
      squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as { port: number }).port)),
    );
    const warnings = await warningsDuring(async () => {
      b = await startEmbeddedServer({ dataDir: dirB, port: held });
    });
    if (!b) throw new Error('B did not start');
    expect(portOf(b)).toBeGreaterThan(held);
    expect(warnings).toEqual([
      expect.stringContaining(`Port ${held} (EMBEDDED_PG_PORT) is taken by another program`),
    ]);
    expect(await notesOf(b)).toEqual(['written in B']);
  });
});
