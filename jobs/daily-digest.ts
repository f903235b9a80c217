import job from '../src/jobs/daily-digest.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
