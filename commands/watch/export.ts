import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { toBrickLinkXml, toCollectionCsv } from '../../src/collection/collection-file.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { plural } from '../../src/replies/format.js';

export default defineCommand({
  name: 'export',
  description: 'Your watchlist as a BrickLink wanted-list XML (upload it as it is) or a CSV',
  options: {
    format: opt.choice(['xml', 'csv'], {
      description: 'xml (BrickLink wanted list, default) or csv',
      default: 'xml',
    }),
  },
  private: true,
  examples: ['watch export', 'watch export csv'],
  async run({ options, deps, context }) {
    const items = await alertingOf(deps).listWatch(callerOf(context));
    if (items.length === 0) throw new UserError('Your watchlist is empty: nothing to export.');
    const rows = items.map((i) => ({
      itemNo: i.figure.itemNo,
      quantity: i.quantity ?? 1,
      condition: i.condition,
      paid: i.pricePaid,
    }));
    const xml = options.format === 'xml';
    const text = xml ? toBrickLinkXml(rows) : toCollectionCsv(rows);
    const summary = xml
      ? `Your watchlist (${plural(items.length, 'item')}) as a BrickLink wanted list: upload it at BrickLink, Want > Upload.`
      : `Your watchlist (${plural(items.length, 'item')}) as CSV: item_no,quantity,condition,paid.`;
    return {
      title: 'Watchlist export',
      summary,
      tone: 'info',
      ephemeral: true,
      blocks: [{ type: 'text', text: summary }],
      image: {
        data: new Uint8Array(Buffer.from(text, 'utf8')),
        filename: xml ? 'watchlist-wanted.xml' : 'watchlist.csv',
        alt: xml ? 'BrickLink wanted-list XML' : 'Watchlist CSV',
      },
    };
  },
});
