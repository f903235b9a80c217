import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { catalogueAndListingCounts } from '../db/repositories/demo-data.js';
import { hasDemoData } from '../demo/demo-data.js';
import { loadDemo, removeDemo } from '../demo/load-demo.js';
import { log } from '../log.js';
import { withDatabase } from './with-database.js';

export function registerDemoCommands(program: Command, print: (text: string) => void): void {
  const demo = program
    .command('demo')
    .description(
      'The bundled demo prices: 90 days around real BrickLink price levels, for trying the service',
    );

  demo
    .command('load')
    .description(
      'Load the sample catalogue (if the catalogue is empty) and the demo prices into this database',
    )
    .addHelpText(
      'after',
      '\nOnly into a database without listings. The embedded database gets the demo on its first start by itself;' +
        '\na DATABASE_URL database only through this command. Replies say DEMO DATA while it is loaded, and the' +
        '\nfirst real prices a source job writes retire it (as does `npx minifig demo remove`).',
    )
    .action(() =>
      withDatabase(async (orm) => {
        const em = orm.em.fork();
        if (await hasDemoData(em)) {
          print('The demo data is already loaded.');
          return;
        }
        if ((await catalogueAndListingCounts(em)).listings > 0) {
          print('This database already holds price listings; the demo is only loaded into one without any.');
          process.exitCode = 1;
          return;
        }
        const result = await loadDemo(orm, {
          config: loadConfig(),
          log,
          now: new Date(),
          progress: (step) => print(`${step}...`),
        });
        const also = [
          result.catalogImported > 0
            ? `${result.catalogImported.toLocaleString('en-US')} sample figures`
            : null,
          result.setsImported > 0 ? `${result.setsImported.toLocaleString('en-US')} catalogue sets` : null,
        ].filter(Boolean);
        print(
          `Loaded ${result.listingsInserted.toLocaleString('en-US')} demo listings` +
            (also.length > 0 ? `, with ${also.join(' and ')}.` : '.'),
        );
      }),
    );

  demo
    .command('remove')
    .description('Retire the demo prices: listings marked superseded, their snapshots and headlines cleared')
    .action(() =>
      withDatabase(async (orm) => {
        const retired = await removeDemo(orm, { config: loadConfig(), log, now: new Date() });
        print(
          retired > 0
            ? `Retired ${retired.toLocaleString('en-US')} demo listings; replies no longer say DEMO DATA.`
            : 'There is no demo data in this database.',
        );
      }),
    );
}
