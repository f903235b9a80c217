/**
 * Accuracy of the title matcher on the labelled sets, without a database: `npm run bench:match-accuracy
 * [-- --misses <set>]`. Builds the matcher from the shipped catalogue download (as createMatcher(rows))
 * and prints precision, recall and negatives rejected per set in test/fixtures/matching. With
 * `--misses dev-multilingual` it lists that set's wrong titles too (only for development sets: the
 * marketplace set is measured, never looked into).
 */
import { readFile } from 'node:fs/promises';
import { parseBrickLinkCatalog } from '../src/catalog/parse-bricklink-catalog.js';
import { createMatcher } from '../src/matching/index.js';
import { REFERENCE_DATA } from '../src/reference-data/index.js';
import * as fixtures from '../test/matching/labelled-titles.js';

const SETS: Record<string, string> = {
  labelled: fixtures.LABELLED,
  holdout: fixtures.HOLDOUT,
  'dev-multilingual': fixtures.DEV_MULTILINGUAL,
  marketplace: fixtures.MARKETPLACE,
};
const NEVER_LOOKED_INTO = new Set(['marketplace']);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--misses');
  const missesOf = at >= 0 ? args[at + 1] : undefined;
  if (missesOf && NEVER_LOOKED_INTO.has(missesOf))
    throw new Error(`${missesOf} is measured, never looked into: its misses are not listed`);
  const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--misses');
  const { figures } = parseBrickLinkCatalog(await readFile(REFERENCE_DATA.minifigures, 'utf8'));
  const matcher = await createMatcher(
    figures.map((f) => ({
      itemNo: f.setNumber,
      name: f.name,
      theme: f.theme,
      year: f.yearReleased,
      categoryPath: f.metadata.category_path,
    })),
  );
  for (const [name, file] of Object.entries(SETS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const labelled = fixtures.readLabelled(file);
    const results = await matcher.match(labelled.map((l) => l.title));
    const s = fixtures.score(
      labelled,
      results.map((r) => r.itemNo),
    );
    const line = fixtures.formatScores(`${name} (${labelled.length} titles)`, s);
    const negRate = s.negatives === 0 ? 1 : s.negativesRejected / s.negatives;
    process.stdout.write(
      `${name === missesOf ? line : line.split('\n')[0]}; negatives rejected ${(negRate * 100).toFixed(1)}%\n`,
    );
    if (name === missesOf)
      for (const [i, r] of results.entries())
        if (r.itemNo !== labelled[i]?.expected)
          process.stdout.write(
            `  ${labelled[i]?.title} | ${r.reason ?? ''} | ${r.candidates.map((c) => `${c.itemNo}:${c.score.toFixed(2)}`).join(' ')}\n`,
          );
  }
}

await main();
