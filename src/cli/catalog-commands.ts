import { type Command, InvalidArgumentError } from 'commander';
import { formatImportSummary, importCatalogFile } from '../catalog/import-catalog.js';
import { REFERENCE_DATA } from '../reference-data/index.js';
import { withProgressBar } from './progress.js';
import { withDatabase } from './with-database.js';

export function registerCatalogCommands(program: Command, print: (text: string) => void): void {
  const catalog = program.command('catalog').description('Manage the minifigure catalogue');

  catalog
    .command('import')
    .description(
      "Import BrickLink's catalogue downloads (tab-separated), minifigures and sets, upserting by item number",
    )
    .argument(
      '[files...]',
      'Minifigures.txt and/or Sets.txt from BrickLink Catalog Download (each recognised by its header); default: the bundled ones (18,149 figures and 20,952 sets, 2025-10-25)',
    )
    .option('--batch-size <n>', 'rows per transaction', positiveInteger, 1000)
    .addHelpText(
      'after',
      '\nRe-running with the same file changes nothing. Bad rows are listed with their line numbers and skipped.',
    )
    .action((fileArgs: string[], opts: { batchSize: number }) =>
      withDatabase(async (orm) => {
        const files = fileArgs.length > 0 ? fileArgs : [REFERENCE_DATA.minifigures, REFERENCE_DATA.sets];
        for (const file of files) {
          const summary = await withProgressBar('Importing', (onProgress) =>
            importCatalogFile(orm.em.fork(), file, { batchSize: opts.batchSize, onProgress }),
          );
          print(formatImportSummary(file, summary));
        }
      }),
    );
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1.');
  return n;
}
