/**
 * BrickLink's own figures beside ours in `price`: the line under the headline, the button that asks
 * for the explanation, `price ... bricklink`, in the reply's currency, through all three renderers.
 */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/adapters/console/render.js';
import { render as renderDiscord } from '../../src/adapters/discord/render.js';
import { render as renderSlack } from '../../src/adapters/slack/render.js';
import type { GuideSummary } from '../../src/analytics/bricklink-comparison.js';
import { analyseGuide, type BrickLinkGuideInput } from '../../src/analytics/bricklink-guide.js';
import { formatInvocation } from '../../src/core/parse-text.js';
import type { Reply } from '../../src/core/reply.js';
import { money } from '../../src/currency/format-money.js';
import type { PriceQuote } from '../../src/deps.js';
import { blocksOf, run } from '../commands/harness.js';
import { FIGURES } from '../support/fake-deps.js';
import { testRate } from '../support/fake-rates.js';
import { messageBodyProblems } from '../support/fakes/fake-discord-validate.js';
import { blockProblems } from '../support/fakes/slack-block-rules.js';

const FETCHED = new Date('2026-11-20T10:00:00Z');
const sale = (price: string, at: string, quantity = 1) => ({ quantity, unit_price: price, date_ordered: at });

/** Three sales in BrickLink's 6-month window and an older one it leaves out of its summary. */
const SOLD: BrickLinkGuideInput = {
  itemNo: 'sw0002',
  condition: 'used',
  guideType: 'sold',
  currency: 'USD',
  fetchedAt: FETCHED,
  reported: {
    minPrice: '60.0000',
    maxPrice: '68.2000',
    avgPrice: '64.1000',
    qtyAvgPrice: '64.1000',
    unitQuantity: 3,
    totalQuantity: 3,
  },
  entries: [
    sale('60.0000', '2026-11-01T12:00:00Z'),
    sale('63.6500', '2026-10-01T12:00:00Z'),
    sale('68.2000', '2026-09-01T12:00:00Z'),
    sale('90.0000', '2026-01-01T12:00:00Z'),
  ],
};
const guide = (input: BrickLinkGuideInput): GuideSummary => ({
  ...input,
  analysis: analyseGuide(input).analysis,
});
const guides = new Map([['sw0002', [guide(SOLD)]]]);

const QUOTE: PriceQuote = {
  figure: FIGURES.sw0002,
  conditions: [
    {
      condition: 'used',
      basis: 'sold',
      windowDays: 30,
      listingCount: 12,
      median: 63,
      min: 55,
      max: 70,
      lowConfidence: false,
      change7d: null,
      change30d: null,
      bySource: [{ source: 'BrickLink', listingCount: 12, median: 63 }],
    },
  ],
  asOf: new Date('2026-11-26T09:30:00Z'),
  sources: ['BrickLink'],
};
const quotes = new Map([['sw0002', QUOTE]]);

/** Every rendering, checked against the platform's limits. */
function rendered(reply: Reply): { console: string; discord: string; slack: string } {
  const discord = renderDiscord(reply, { withContent: true });
  expect(
    messageBodyProblems({ content: discord.content, embeds: discord.embeds, components: discord.components }),
  ).toEqual([]);
  const slack = renderSlack(reply);
  expect(blockProblems(slack.blocks)).toEqual([]);
  return { console: renderConsole(reply), discord: JSON.stringify(discord), slack: JSON.stringify(slack) };
}

describe("BrickLink's figures in the price reply", () => {
  it('shows the 6-month sold average beside ours over the same sales, and a button for why', async () => {
    // (60 + 63.65 + 68.20) / 3 = 63.95: the 2026-01 sale is older than BrickLink's window.
    const { reply } = await run('price sw0002', { quotes, guides });
    const line = 'Used: BrickLink 6-month sold avg $64.10 (ours over the same sales $63.95)';
    expect(blocksOf(reply, 'text').map((b) => b.text)).toContain(line);
    const [actions] = blocksOf(reply, 'actions');
    expect(actions?.buttons.map((b) => [b.label, formatInvocation(b.invocation)])).toEqual([
      ['Why BrickLink differs', 'price figure:sw0002 detail:bricklink'],
    ]);
    const out = rendered(reply);
    expect(out.console).toContain(line);
    expect(out.discord).toContain(line);
    expect(out.discord).toContain('Why BrickLink differs');
    expect(out.slack).toContain(line);
    expect(out.slack).toContain('Why BrickLink differs');
  });

  it('the button (or `price … bricklink`) shows every figure with its difference explained', async () => {
    const { reply } = await run('price sw0002 bricklink', { quotes, guides });
    expect(blocksOf(reply, 'actions')).toEqual([]);
    const detail = blocksOf(reply, 'text')
      .map((b) => b.text)
      .find((t) => t.startsWith('sw0002 used sold guide'));
    expect(detail).toContain(
      "max: BrickLink $68.20, ours $90.00 (BrickLink's summary covers only the last 6 months; the detail " +
        'also lists 1 older sale (over the 6 months ours is $68.20 too))',
    );
    // BrickLink's 64.10 is not what its own definition gives over its window's sales (63.95): said so.
    expect(detail).toContain(
      'average: BrickLink $64.10, ours $70.46 (not explained by the detail: over the same entries ours is ' +
        '$70.46, over the last 6 months $63.95)',
    );
    for (const text of Object.values(rendered(reply))) expect(text).toContain('ours $70.46');
  });

  it('converts BrickLink’s figures like the rest of the reply, the button keeping the currency', async () => {
    const rate = testRate('EUR', '2026-11-26');
    const { reply } = await run('price sw0002 eur', { quotes, guides });
    const line = `Used: BrickLink 6-month sold avg ${money(64.1 * rate, 'EUR')} (ours over the same sales ${money(63.95 * rate, 'EUR')})`;
    expect(blocksOf(reply, 'text').map((b) => b.text)).toContain(line);
    const [actions] = blocksOf(reply, 'actions');
    expect(formatInvocation(actions?.buttons[0]?.invocation ?? { command: '', options: {} })).toBe(
      'price figure:sw0002 currency:eur detail:bricklink',
    );
    const clicked = await run('price figure:sw0002 currency:eur detail:bricklink', { quotes, guides });
    const detail = blocksOf(clicked.reply, 'text').find((b) => b.text.startsWith('sw0002 used sold guide'));
    expect(detail?.text).toContain(`average: BrickLink ${money(64.1 * rate, 'EUR')}`);
    for (const text of Object.values(rendered(clicked.reply)))
      expect(text).toContain(money(64.1 * rate, 'EUR'));
  });

  it('says nothing of BrickLink when its guide was never fetched, and says so when asked', async () => {
    const { reply } = await run('price sw0002', { quotes });
    expect(blocksOf(reply, 'actions')).toEqual([]);
    expect(JSON.stringify(reply)).not.toContain('BrickLink 6-month');
    const asked = await run('price sw0002 bricklink', { quotes });
    expect(blocksOf(asked.reply, 'text').map((b) => b.text)).toContain(
      "BrickLink's price guide of this figure has not been fetched yet.",
    );
  });
});
