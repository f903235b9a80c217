import job from '../src/jobs/refresh-snapshots.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
