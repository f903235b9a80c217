import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);
export const MINIFIG_BIN = path.join(REPO_ROOT, 'bin/minifig.js');

/** Runs the real `minifig` command in a child process, with only PATH and `env` in its environment. */
export async function minifig(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run('node', [MINIFIG_BIN, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
      cwd: REPO_ROOT,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}
