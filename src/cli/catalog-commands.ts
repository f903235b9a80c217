import { type Command, InvalidArgumentError } from 'commander';
import { formatImportSummary, importCatalogFile } from '../catalog/import-catalog.js';
import { REFERENCE_DATA } from '../reference-data/index.js';
import { progressBar } from './progress.js';
import { withDatabase } from './with-database.js';

export function registerCatalogCommands(program: Command, print: (text: string) => void): void {
  const catalog = program.command('catalog').description('Manage the minifigure catalogue');

  catalog
    .command('import')
    .description("Import BrickLink's minifigure catalogue download (tab-separated), upserting by item number")
    .argument(
      '[file]',
      'the Minifigures.txt file from BrickLink Catalog Download (item type: Minifigures); default: the bundled one (18,149 figures, 2025-10-25)',
    )
    .option('--batch-size <n>', 'rows per transaction', positiveInteger, 1000)
    .addHelpText(
      'after',
      '\nRe-running with the same file changes nothing. Bad rows are listed with their line numbers and skipped.',
    )
    .action((fileArg: string | undefined, opts: { batchSize: number }) =>
      withDatabase(async (orm) => {
        const file = fileArg ?? REFERENCE_DATA.minifigures;
        const bar = progressBar('Importing');
        try {
          const summary = await importCatalogFile(orm.em.fork(), file, {
            batchSize: opts.batchSize,
            onProgress: bar.update,
          });
          bar.stop();
          print(formatImportSummary(file, summary));
        } finally {
          bar.stop();
        }
      }),
    );
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1.');
  return n;
}
