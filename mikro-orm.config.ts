// For the mikro-orm CLI (`node --import tsx node_modules/.bin/mikro-orm-esm ...`). The app and
// `npx minifig db ...` build the same options in src/db/orm.ts; they also start the embedded
// server when DATABASE_URL is unset, which this file cannot do, so it needs DATABASE_URL or an
// embedded server already running on EMBEDDED_PG_PORT.
import { loadConfig } from './src/config.js';
import { ormOptions } from './src/db/orm.js';

const config = loadConfig();
const url =
  config.databaseUrl ?? `postgres://postgres:minifig-embedded@127.0.0.1:${config.embeddedPgPort}/minifig`;

export default ormOptions(url, config.dbPoolMax);
