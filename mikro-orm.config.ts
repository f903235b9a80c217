// For the mikro-orm CLI (`node --import tsx node_modules/.bin/mikro-orm-esm ...`). The app and
// `npx minifig db ...` build the same options in src/db/orm.ts; they also start the embedded
// server when DATA_DIR's is not running, which this file cannot do, so it needs DATABASE_URL or
// DATA_DIR's embedded server running (on the port its port file records).
import { loadConfig } from './src/config.js';
import { readPortFile } from './src/db/embedded-port-file.js';
import { ormOptions } from './src/db/orm.js';

const config = loadConfig();
const embeddedPort = readPortFile(config.dataDir)?.port ?? config.embeddedPgPort;
const url = config.databaseUrl ?? `postgres://postgres:minifig-embedded@127.0.0.1:${embeddedPort}/minifig`;

export default ormOptions(url, config.dbPoolMax);
