/**
 * Chat reads on a read replica: the read URL is a role that may only SELECT (and whose sessions
 * are read-only), as a streaming replica would be. Every chat read works through it; alerts and
 * watchlists still write, on the primary; and the replica's role is the one that served the reads.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { renderConsole } from '../../src/adapters/console/render.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { ormOptions } from '../../src/db/orm.js';
import { storeInventory } from '../../src/db/repositories/set-inventories.js';
import { runRefresh, seedFigure } from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { adminQuery } from '../support/global-setup.js';
import { seedSets } from '../support/ingest-fixtures.js';

const FIGURE = 'sw0188';
const who: InvocationContext = { platform: 'discord', userId: 'reader-test', workspaceId: '', isAdmin: true };

describe('chat reads from DATABASE_READ_URL', () => {
  let db: TestDatabase;
  let replica: MikroORM;
  let dispatcher: Dispatcher;
  let role = '';
  const admin = (sql: string) => db.orm.em.fork().execute(sql);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFigure(db.orm, FIGURE, new Date());
    await seedSets(db.orm.em.fork(), ['7140-1', '10188-1']);
    await storeInventory(db.orm.em.fork(), '7140-1', [{ itemNo: FIGURE, quantity: 2 }], new Date());
    await runRefresh(db.orm);
    role = `reader_${db.name}`;
    await admin(`create role ${role} login password 'reader'`);
    await admin(`alter role ${role} set default_transaction_read_only = on`);
    await admin(`grant usage on schema public to ${role}`);
    await admin(`grant select on all tables in schema public to ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'reader';
    replica = await MikroORM.init(ormOptions(url.toString(), 2));
    const deps = createDepsFactory(db.orm, { readOrm: replica });
    dispatcher = createDispatcher({ commands, deps, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await replica?.close(true);
    await db?.drop();
    if (role) await adminQuery(inject('adminUrl'), `drop role if exists ${role}`);
  });

  const ask = async (text: string) => renderConsole(await dispatcher.dispatchText(text, who));

  it('cannot write: the role is read-only', async () => {
    await expect(replica.em.fork().execute(`update minifigures set name = name`)).rejects.toThrow(
      /read-only|permission denied/,
    );
  });

  it('answers price, history, search, movers, sets, sources and autocomplete through the replica', async () => {
    expect(await ask(`price ${FIGURE}`)).toContain(FIGURE);
    expect(await ask(`history ${FIGURE} 30`)).toContain(FIGURE);
    expect(await ask('search clone trooper')).toContain(FIGURE);
    expect(await ask('movers 7d')).not.toMatch(/went wrong|reference/i);
    expect(await ask('sources')).toContain('BrickLink');
    const set = await ask('set 7140');
    expect(set).toContain(FIGURE);
    expect(set).toMatch(/part-out/i);
    const choices = await dispatcher.autocomplete({ command: 'price', option: 'figure', value: 'sw01' }, who);
    expect(choices.map((c) => c.value)).toContain(FIGURE);
    const sets = await dispatcher.autocomplete({ command: 'set', option: 'set', value: '7140' }, who);
    expect(sets.map((c) => c.value)).toContain('7140-1');
    const sessions = await db.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from pg_stat_activity where usename = ?`, [role]);
    expect(Number(sessions[0]?.n)).toBeGreaterThan(0);
  });

  it('writes (an alert, a watchlist entry, a set inventory asked for) go to the primary and are read back from it', async () => {
    expect(await ask('set 10188')).toMatch(/being fetched/i);
    const asked = await db.orm.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*) as n from sets where set_no = '10188-1' and inventory_requested_at is not null`,
      );
    expect(Number(asked[0]?.n)).toBe(1);
    expect(await ask(`alert add ${FIGURE} below 5`)).toMatch(/Alert #\d+ set/);
    expect(await ask(`watch add ${FIGURE}`)).not.toMatch(/went wrong|reference/i);
    expect(await ask('alert list')).toContain(FIGURE);
  });

  it("the reads really are on the replica: without its SELECT they fail, the primary's work goes on", async () => {
    await admin(`revoke select on all tables in schema public from ${role}`);
    expect(await ask(`search clone trooper`)).toMatch(/went wrong|reference|try again/i);
    expect(await ask('alert list')).toContain(FIGURE);
  });
});
