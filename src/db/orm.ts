import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations/index.js';
import type { Config } from '../config.js';
import { log } from '../log.js';
import { type DbServer, startEmbeddedServer } from './embedded-server.js';
import { entities } from './entities/index.js';
import { applySessionSettings } from './repositories/session-settings.js';

export function ormOptions(clientUrl: string, poolMax = 10): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax, afterCreate: applySessionSettings },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    discovery: { warnWhenNoEntities: false },
    debug: false,
  });
}

export interface Database {
  orm: MikroORM;
  server: DbServer;
  close(): Promise<void>;
}

/** The server from DATABASE_URL, or the embedded one when none is configured. */
export async function startServer(config: Config): Promise<DbServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  return startEmbeddedServer({ dataDir: config.dataDir, port: config.embeddedPgPort });
}

export async function openDatabase(config: Config): Promise<Database> {
  const server = await startServer(config);
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(server.url, config.dbPoolMax));
  } catch (err) {
    await server.stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    orm,
    server,
    close: () => {
      closing ??= (async () => {
        await orm.close(true);
        await server.stop();
        log.debug('database closed');
      })();
      return closing;
    },
  };
}
