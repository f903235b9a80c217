import job from '../src/jobs/evaluate-alerts.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
