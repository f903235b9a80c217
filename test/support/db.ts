import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import { ormOptions } from '../../src/db/orm.js';
import { adminQuery, withDatabase } from './global-setup.js';

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A private database for one test file: a clone of the migrated template, or an empty one for
 * tests that drive the migrations themselves.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `minifig_test_${randomBytes(4).toString('hex')}`;
  const template = opts.migrated === false ? 'template0' : inject('templateDb');
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  const url = withDatabase(adminUrl, name);
  const orm = await MikroORM.init(ormOptions(url, 4));
  return {
    orm,
    url,
    name,
    drop: async () => {
      await orm.close(true);
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
