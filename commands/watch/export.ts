import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import type { WatchItem } from '../../src/alerts/store.js';
import { type ExportItem, toBrickLinkXml, toCollectionCsv } from '../../src/collection/collection-file.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { preferredCurrency } from '../../src/currency/choose-currency.js';
import { type MoneyView, ratedView } from '../../src/currency/money-view.js';
import type { Deps } from '../../src/deps.js';
import { paidIn } from '../../src/portfolio/paid.js';
import { plural, utcDate } from '../../src/replies/format.js';

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
    const xml = options.format === 'xml';
    let text: string;
    let summary: string;
    if (xml) {
      // BrickLink's format names no currency: every price in the user's, which `watch import`
      // reads such a file in.
      const currency = await preferredCurrency(deps, context);
      const converted = items.some((i) => i.paid !== null && i.paid.currency !== currency);
      const view = converted ? await viewIn(deps, currency) : null;
      text = toBrickLinkXml(
        items.map((i) => ({
          ...row(i),
          paid: i.paid === null ? null : view ? paidIn(view, i.paid) : i.paid.amount,
          currency,
        })),
      );
      const priced = items.some((i) => i.paid !== null);
      summary = `Your watchlist (${plural(items.length, 'item')}) as a BrickLink wanted list${priced ? `, prices paid in ${currency}` : ''}: upload it at BrickLink, Want > Upload.`;
    } else {
      text = toCollectionCsv(
        items.map((i) => ({ ...row(i), paid: i.paid?.amount ?? null, currency: i.paid?.currency ?? null })),
      );
      summary = `Your watchlist (${plural(items.length, 'item')}) as CSV: item_no,quantity,condition,paid,currency.`;
    }
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

function row(i: WatchItem): Omit<ExportItem, 'paid' | 'currency'> {
  return { itemNo: i.figure.itemNo, quantity: i.quantity ?? 1, condition: i.condition };
}

/**
 * How prices paid in other currencies are written in a file in `currency`: converted as `watch
 * value` shows them (those paid in it stay as given). Refused when no rate of `currency` is stored.
 */
async function viewIn(deps: Deps, currency: string): Promise<MoneyView> {
  const book = currency === 'USD' ? null : await deps.fx.book();
  const view = ratedView(currency, book, utcDate(deps.now()));
  if (!view) {
    throw new UserError(
      `No ${currency} rate is stored yet (the fx job fetches ECB's daily), so the prices paid in other currencies cannot be written in ${currency}, the currency of a BrickLink file. Export csv, which keeps each price's currency.`,
    );
  }
  return view;
}
