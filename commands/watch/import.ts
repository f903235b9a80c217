import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { importCollection } from '../../src/collection/import-collection.js';
import { readCollectionFile } from '../../src/collection/read-collection.js';
import { defineCommand, opt } from '../../src/core/command.js';

export default defineCommand({
  name: 'import',
  description: 'Import a BrickLink XML (wanted list, inventory) or CSV file into your watchlist',
  options: {
    file: opt.file({
      description: 'BrickLink XML or CSV (item_no,quantity,condition,paid); a path in the terminal chat',
      required: true,
    }),
  },
  private: true,
  examples: ['watch import ~/Downloads/wanted.xml', 'watch import collection.csv'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    const { text, name } = await readCollectionFile(context, options.file);
    return importCollection(deps.figures, store, user, text, name);
  },
});
