import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { defineConfig } from 'vitest/config';

const ALL_TESTS = 'test/**/*.test.ts';

/**
 * A test file needs PostgreSQL when it makes a test database, starts an embedded server, or runs
 * the `minifig` command (which opens one). Those run in the `db` project, after the global setup has migrated a template
 * database; the rest form the `unit` project, which `npm run test:unit` runs alone in seconds.
 */
function needsDatabase(file: string): boolean {
  return /createTestDatabase|support\/minifig-cli|bin\/minifig|pglite|embedded-server/.test(
    readFileSync(file, 'utf8'),
  );
}
const databaseTests = globSync(ALL_TESTS).filter(needsDatabase);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each test file gets its own database cloned from a migrated template, so files can run in parallel.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [ALL_TESTS],
          exclude: databaseTests,
          // Most unit files wait on sockets and timers rather than the CPU, and loading discord.js,
          // Bolt and the chart code again for every file cost half the CPU time. So the unit files
          // share their workers' module cache and run three at a time; they keep no module state
          // between files (no vi.mock, no stubbed env or globals), which the shuffled runs check.
          isolate: false,
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: databaseTests,
          globalSetup: ['test/support/global-setup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
