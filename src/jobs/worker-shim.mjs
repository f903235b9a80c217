// Bree starts workers from .js/.mjs files only, and Node 20 cannot load a .ts worker by itself:
// this shim registers tsx inside the worker thread, then imports the job's TypeScript entry file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(new URL(`file://${workerData.jobFile}`).href);
