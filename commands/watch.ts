import { defineCommandGroup } from '../src/core/command.js';
import add from './watch/add.js';
import list from './watch/list.js';
import remove from './watch/remove.js';
import value from './watch/value.js';

/** A personal watchlist valued at headline prices. */
export default defineCommandGroup({
  name: 'watch',
  description: 'Your watchlist and what it is worth',
  subcommands: [add, remove, list, value],
});
