import job from '../src/jobs/ebay.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
