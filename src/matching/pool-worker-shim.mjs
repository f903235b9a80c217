// Node 20 cannot load a .ts worker by itself (as for the Bree jobs, see src/jobs/worker-shim.mjs):
// this shim registers tsx inside the matcher worker thread, then imports its TypeScript body.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
