// Node 20 cannot load a .ts worker by itself (as for the Bree jobs, see src/jobs/worker-shim.mjs):
// this shim registers tsx inside a worker thread, then imports the TypeScript body named by
// workerData.entry (a file URL). The title matcher's pool and the chart threads start their
// workers through it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
