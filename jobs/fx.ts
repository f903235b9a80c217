import job from '../src/jobs/fx.js';
import { runJob } from '../src/jobs/run-job.js';

await runJob(job);
