import { defineCommandGroup } from '../src/core/command.js';
import add from './watch/add.js';
import addSet from './watch/add-set.js';
import exportList from './watch/export.js';
import importFile from './watch/import.js';
import list from './watch/list.js';
import remove from './watch/remove.js';
import value from './watch/value.js';

/** A personal watchlist valued at headline prices, imported from and exported to BrickLink files. */
export default defineCommandGroup({
  name: 'watch',
  description: 'Your watchlist and what it is worth',
  subcommands: [add, addSet, remove, list, value, importFile, exportList],
});
