import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrateUp, migrationStatus, rollbackLast } from '../db/migrations.js';
import { redactUrl } from '../log.js';
import { withDatabase } from './with-database.js';

// These commands manage the schema itself, so they must run while migrations are pending.
const SCHEMA_MAY_BE_BEHIND = { requireSchema: false };

export function registerDbCommands(program: Command, print: (text: string) => void): void {
  const db = program.command('db').description('Manage the database schema');

  db.command('migrate')
    .description('Apply every pending migration')
    .action(() =>
      withDatabase(async (orm) => {
        const applied = await migrateUp(orm, { retention: loadConfig().priceRetention });
        print(
          applied.length === 0
            ? 'Already up to date.'
            : `Applied ${applied.length}:\n  ${applied.join('\n  ')}`,
        );
      }, SCHEMA_MAY_BE_BEHIND),
    );

  db.command('rollback')
    .description('Revert the last applied migration')
    .action(() =>
      withDatabase(async (orm) => {
        const reverted = await rollbackLast(orm);
        print(reverted ? `Reverted ${reverted}.` : 'Nothing to revert: no migration has been applied.');
      }, SCHEMA_MAY_BE_BEHIND),
    );

  db.command('status')
    .description('Show applied and pending migrations, and whether TimescaleDB is in use')
    .action(() =>
      withDatabase(async (orm) => {
        const s = await migrationStatus(orm);
        const url = orm.config.get('clientUrl') ?? '';
        const ts = s.timescaledb;
        print(
          [
            `Database: ${redactUrl(url)}`,
            `Applied (${s.executed.length}):${s.executed.map((m) => `\n  ${m}`).join('')}`,
            `Pending (${s.pending.length}):${s.pending.map((m) => `\n  ${m}`).join('')}`,
            `TimescaleDB: ${
              ts.installed
                ? `installed; price_listings ${ts.hypertable ? 'is a hypertable' : 'is a plain table'}; ` +
                  `compression policy ${ts.compressionPolicy ? 'on' : 'off'}`
                : 'not installed (plain PostgreSQL tables)'
            }`,
          ].join('\n'),
        );
      }, SCHEMA_MAY_BE_BEHIND),
    );
}
