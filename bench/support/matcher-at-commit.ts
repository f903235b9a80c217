import { execFile } from 'node:child_process';
import { access, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { CatalogueFigure, Matcher, MatcherOptions } from '../../src/matching/index.js';
import { repoRoot } from './results.js';

const run = promisify(execFile);

export type CreateMatcher = (rows: readonly CatalogueFigure[], opts?: MatcherOptions) => Promise<Matcher>;

/**
 * createMatcher as it was at an earlier commit, so that a benchmark measures before and after in
 * one run on one machine. The commit's src/ is unpacked (git archive) under node_modules/.cache,
 * where its imports find this checkout's node_modules, and imported from there. Returns undefined
 * with the reason when git or the commit is not at hand (a copy of the sources without history).
 */
export async function matcherAtCommit(commit: string): Promise<CreateMatcher | string> {
  const dir = path.join(repoRoot, 'node_modules', '.cache', 'minifig-bench', commit);
  const entry = path.join(dir, 'src', 'matching', 'index.ts');
  try {
    await access(entry);
  } catch {
    try {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const archive = path.join(dir, 'src.tar');
      await run('git', ['archive', '--format=tar', '-o', archive, commit, 'src'], { cwd: repoRoot });
      await run('tar', ['-xf', archive, '-C', dir]);
    } catch (err) {
      return `cannot unpack ${commit.slice(0, 10)} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    }
  }
  const module = (await import(pathToFileURL(entry).href)) as { createMatcher: CreateMatcher };
  return module.createMatcher;
}
