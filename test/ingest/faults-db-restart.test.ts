import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded-probe.js';
import { type DbServer, startEmbeddedServer } from '../../src/db/embedded-server.js';
import { ormOptions } from '../../src/db/orm.js';
import { runBrickLink } from '../../src/sources/bricklink/source.js';
import { type FakeBrickLink, itemOf, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import { BL_CREDENTIALS, captureLog, jobContext, quick, sourceConfig } from '../support/source-jobs.js';

/**
 * The database goes away in the middle of a BrickLink run and comes back: the run must finish (or
 * fail) cleanly, and a later run must fill exactly the gap. The suite's shared server cannot be
 * restarted (it may be DATABASE_URL), so this test runs its own embedded PostgreSQL.
 */
const NOW = new Date('2026-11-26T09:00:00Z');
const LATER = new Date(NOW.getTime() + 20 * 60_000);
// Refreshed in item-number order (none was fetched before).
const FIGURES = ['col021', 'hp001', 'njo0007', 'sh0032', 'sw0001a', 'sw0002'];
const ROWS = 'select count(*) as n from price_listings';

let dir: string;
let port: number;
let server: DbServer;
let orm: MikroORM;
let fake: FakeBrickLink;

async function start(): Promise<DbServer> {
  return startEmbeddedServer({ dataDir: dir, port, database: 'minifig_restart' });
}

function served(items: string[]): number {
  let n = 0;
  for (const item of items)
    for (const kind of ['sold', 'stock'] as const)
      for (const c of ['N', 'U'] as const) n += fake.guide(item, kind, c)?.price_detail.length ?? 0;
  return n;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minifig-restart-'));
  await chmod(dir, 0o755); // under root, the postgres user must reach it
  port = await freePort();
  server = await start();
  orm = await MikroORM.init(ormOptions(server.url, 4));
  await orm.getMigrator().up();
  await seedFigures(orm.em.fork(), FIGURES);
  fake = await startFakeBrickLink({ credentials: BL_CREDENTIALS, now: NOW });
});

afterAll(async () => {
  await fake?.close();
  await orm?.close(true);
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the database restarted mid-run', () => {
  it('ends the run cleanly, and the next run fills exactly the gap', async () => {
    let stopping: Promise<void> | undefined;
    let starting: Promise<DbServer> | undefined;
    // Down while njo0007 (3rd) is being fetched, up again when sw0001a (5th) is asked for.
    fake.server.beforeAnswer = async (req) => {
      const item = itemOf(req);
      if (item === 'njo0007') {
        stopping ??= server.stop();
        await stopping;
      }
      if (item === 'sw0001a') {
        starting ??= start();
        server = await starting;
      }
    };
    const { log, lines } = captureLog();
    // The fake holds its answers while the database stops and starts: no request may time out meanwhile.
    const config = sourceConfig({ bricklink: fake.url }, { HTTP_TIMEOUT_MS: '60000' });
    const first = await runBrickLink(jobContext(orm, config, NOW, log), quick());
    fake.server.beforeAnswer = undefined;

    expect(stopping).toBeDefined();
    expect(starting).toBeDefined();
    // The figures fetched while the database was down failed; nothing else did.
    expect(first).toMatchObject({ figures: 6, errors: 2, figuresDone: 4 });
    expect(lines.some((l) => l.level >= 50)).toBe(true);
    const done = ['col021', 'hp001', 'sw0001a', 'sw0002'];
    expect(await count(orm.em, ROWS)).toBe(served(done));
    // The attempts made during the outage were recorded once the database was back.
    const failed = await orm.em
      .getConnection()
      .execute(`select item_key from source_fetch_state where consecutive_failures > 0 order by item_key`);
    expect(failed.map((r) => r.item_key)).toEqual(['njo0007', 'sh0032']);

    const second = await runBrickLink(jobContext(orm, config, LATER, log), quick());
    expect(second).toMatchObject({ figures: 2, figuresDone: 2, errors: 0 });
    expect(await count(orm.em, ROWS)).toBe(served(FIGURES));

    await orm.em.getConnection().execute('delete from source_fetch_state');
    const again = await runBrickLink(jobContext(orm, config, LATER, log), quick());
    expect(again).toMatchObject({ inserted: 0, errors: 0 });
    expect(await count(orm.em, ROWS)).toBe(served(FIGURES));
  });
});
