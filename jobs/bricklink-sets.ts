import job from '../src/jobs/bricklink-sets.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
