/**
 * Three replicas starting at once on a new database: each runs the migrations at start. They take
 * turns (an advisory lock), so every migration is applied once and no start fails.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { migrateUp } from '../../src/db/migrations.js';
import { ormOptions } from '../../src/db/orm.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('migrations from replicas starting together', () => {
  let db: TestDatabase;
  const orms: MikroORM[] = [];
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    for (let i = 0; i < 2; i++) orms.push(await MikroORM.init(ormOptions(db.url, 2)));
  });
  afterAll(async () => {
    for (const orm of orms) await orm.close(true);
    await db?.drop();
  });

  it('applies each migration once, whichever replica gets there first', async () => {
    const applied = await Promise.all([db.orm, ...orms].map((orm) => migrateUp(orm)));
    expect(applied.flat().sort()).toEqual(migrationsList.map((m) => m.name).sort());
    const [row] = await db.orm.em
      .fork()
      .execute<{ n: string }[]>('select count(*) as n from mikro_orm_migrations');
    expect(Number(row?.n)).toBe(migrationsList.length);
  });
});
