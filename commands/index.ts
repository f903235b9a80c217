import type { AnyCommand } from '../src/core/command.js';
import alert from './alert.js';
import digest from './digest.js';
import help from './help.js';
import history from './history.js';
import movers from './movers.js';
import price from './price.js';
import search from './search.js';
import set from './set.js';
import settings from './settings.js';
import sources from './sources.js';
import watch from './watch.js';

/** Every chat command, in the order help lists them. Adapters register exactly these. */
export const commands: readonly AnyCommand[] = [
  price,
  set,
  history,
  search,
  movers,
  sources,
  alert,
  watch,
  digest,
  settings,
  help,
];
