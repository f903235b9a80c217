import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { importCollection } from '../../src/collection/import-collection.js';
import { readCollectionFile } from '../../src/collection/read-collection.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { preferredCurrency } from '../../src/currency/choose-currency.js';
import { utcDate } from '../../src/replies/format.js';

export default defineCommand({
  name: 'import',
  description: 'Import a BrickLink XML (wanted list, inventory) or CSV file into your watchlist',
  options: {
    file: opt.file({
      description:
        'BrickLink XML or CSV (item_no,quantity,condition,paid,currency); a path in the terminal chat',
      required: true,
    }),
  },
  private: true,
  examples: ['watch import ~/Downloads/wanted.xml', 'watch import collection.csv'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    const { text, name } = await readCollectionFile(context, options.file);
    // Prices the file gives without a currency are in the user's, as `watch add paid:50` reads them.
    return importCollection(deps.figures, store, user, text, name, {
      currency: await preferredCurrency(deps, context),
      today: utcDate(deps.now()),
      book: () => deps.fx.book(),
    });
  },
});
