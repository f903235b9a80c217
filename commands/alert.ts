import { defineCommandGroup } from '../src/core/command.js';
import add from './alert/add.js';
import list from './alert/list.js';
import remove from './alert/remove.js';

/** Price, change, new-low and deal alerts, delivered by DM or to a channel. */
export default defineCommandGroup({
  name: 'alert',
  description: 'Price, change, new-low and deal alerts',
  subcommands: [add, list, remove],
});
