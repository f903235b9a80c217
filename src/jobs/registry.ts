import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOB_NAMES, type JobName } from '../config.js';
import { UserError } from '../core/errors.js';
import type { JobDefinition } from './job.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The Bree worker entry files, one per job: jobs/<name>.ts at the repository root. */
export const WORKER_DIR = path.resolve(HERE, '../../jobs');

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** Jobs whose body (src/jobs/<name>.ts) and worker file (jobs/<name>.ts) both exist in this build. */
export function availableJobs(): JobName[] {
  return JOB_NAMES.filter((name) => existsSync(bodyFile(name)) && existsSync(workerFile(name)));
}

export function workerFile(name: JobName): string {
  return path.join(WORKER_DIR, `${name}.ts`);
}

function bodyFile(name: JobName): string {
  return path.join(HERE, `${name}.ts`);
}

/** Loads a job body by name. Each body is src/jobs/<name>.ts with `export default defineJob(...)`. */
export async function loadJob(name: string): Promise<JobDefinition> {
  if (!isJobName(name)) {
    throw new UserError(`Unknown job "${name}". Jobs: ${JOB_NAMES.join(', ')}.`);
  }
  if (!availableJobs().includes(name)) {
    throw new UserError(
      `The job "${name}" is not part of this build yet. Available: ${availableJobs().join(', ')}.`,
    );
  }
  const mod = (await import(`./${name}.js`)) as { default: JobDefinition };
  return mod.default;
}
