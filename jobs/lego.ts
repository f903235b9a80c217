import job from '../src/jobs/lego.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
