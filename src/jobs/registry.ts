import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import type { JobDefinition } from './job.js';
import { isJobName, JOB_LIST, JOB_NAMES, type JobName, jobSpec } from './job-list.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

/** The absolute path of a job's Bree worker entry file. */
export function workerFile(name: JobName): string {
  return path.join(REPO_ROOT, jobSpec(name).entry);
}

/**
 * Every listed job must have its worker entry file: a missing one is a broken build, reported
 * with the file's path at start-up rather than left out of the schedule.
 */
export function assertJobFiles(): void {
  const missing = JOB_LIST.filter((job) => !existsSync(path.join(REPO_ROOT, job.entry)));
  if (missing.length > 0) {
    throw new Error(`job entry files missing: ${missing.map((j) => `${j.entry} (${j.name})`).join(', ')}`);
  }
}

/** Loads a job body by name. Each body is src/jobs/<name>.ts with `export default defineJob(...)`. */
export async function loadJob(name: string): Promise<JobDefinition> {
  if (!isJobName(name)) {
    throw new UserError(`Unknown job "${name}". Jobs: ${JOB_NAMES.join(', ')}.`);
  }
  const mod = (await import(`./${name}.js`)) as { default: JobDefinition };
  return mod.default;
}
