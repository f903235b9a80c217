import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import type { JobDefinition } from './job.js';
import { entryOf, JOB_LIST, JOB_NAMES, type JobName, type JobSpec, jobSpec } from './job-list.js';
import { sourceJob } from './source-run.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

/** The absolute path of a job's Bree worker entry file. */
export function workerFile(name: JobName): string {
  return path.join(REPO_ROOT, entryOf(jobSpec(name)));
}

/**
 * Every listed job must have its worker entry file: a missing one is a broken build, reported
 * with the file's path at start-up rather than left out of the schedule.
 */
export function assertJobFiles(root = REPO_ROOT): void {
  const missing = JOB_LIST.filter((job) => !existsSync(path.join(root, entryOf(job))));
  if (missing.length > 0) {
    // Said as it is on the terminal, not as a bug with a reference: the fix is to restore the files.
    throw new UserError(
      `this build is missing job entry files: ${missing.map((j) => `${entryOf(j)} (${j.name})`).join(', ')}. ` +
        'Restore them (git checkout -- jobs) or reinstall.',
    );
  }
}

/**
 * Loads a job body by name: a price source's job is its folder run by the source run loop; any
 * other body is src/jobs/<name>.ts with `export default defineJob(...)`.
 */
export async function loadJob(name: string, jobs: readonly JobSpec[] = JOB_LIST): Promise<JobDefinition> {
  const spec = jobs.find((j) => j.name === name);
  if (!spec) {
    throw new UserError(`Unknown job "${name}". Jobs: ${JOB_NAMES.join(', ')}.`);
  }
  if (spec.source) return sourceJob(spec.name as JobName, (await spec.source.load()).default);
  const mod = (await import(`./${name}.js`)) as { default: JobDefinition };
  return mod.default;
}
