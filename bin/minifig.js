#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx minifig` works straight after `npm ci` with no build.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
