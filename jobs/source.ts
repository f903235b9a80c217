import { workerData } from 'node:worker_threads';
import { loadJob } from '../src/jobs/registry.js';
import { runJob } from '../src/jobs/run-job.js';

// Every price source's job: the scheduler names the job, its folder says the rest.
await runJob(await loadJob((workerData as { job: string }).job));
