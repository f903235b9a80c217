import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { importCollection } from '../../src/collection/import-collection.js';
import { readCollectionPath } from '../../src/collection/read-collection.js';
import { defineCommand, opt } from '../../src/core/command.js';

export default defineCommand({
  name: 'import',
  description: 'Import a BrickLink XML (wanted list, inventory) or CSV file into your watchlist',
  options: {
    file: opt.string({
      description: 'The file: a path in the terminal chat (item_no,quantity,condition,paid for CSV)',
      required: true,
      maxLength: 1000,
    }),
  },
  examples: ['watch import ~/Downloads/wanted.xml', 'watch import collection.csv'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    const { text, name } = await readCollectionPath(context, options.file);
    return importCollection(deps.figures, store, user, text, name);
  },
});
