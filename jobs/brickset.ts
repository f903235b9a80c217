import job from '../src/jobs/brickset.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
