/**
 * Outbox payloads → Reply (src/replies/notification.ts) → every platform's renderer: what an alert,
 * a deal and a full digest say, and that the largest of them stays inside Discord's and Slack's
 * limits (checked by the fakes' validators, whose numbers come from the platforms' documentation).
 */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/adapters/console/render.js';
import { render as renderDiscord } from '../../src/adapters/discord/render.js';
import { render as renderSlack } from '../../src/adapters/slack/render.js';
import type { AlertFiredPayload, DealPayload, DigestPayload, FigureFacts } from '../../src/alerts/types.js';
import { renderNotification } from '../../src/replies/notification.js';
import { messageBodyProblems } from '../support/fakes/fake-discord-validate.js';
import { blockProblems } from '../support/fakes/slack-block-rules.js';

const LONG_NAME =
  'Clone Trooper, 501st Legion (Phase 2) - Blue Arms, Reddish Brown Head, Printed Legs, Dark Bluish Gray Hips';
const fig = (i: number): FigureFacts => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  itemNo: `sw${String(1000 + i)}`,
  name: `${LONG_NAME} ${i}`,
  theme: 'Star Wars',
  year: 2010,
});

const alert: AlertFiredPayload = {
  type: 'alert',
  alertId: '42',
  kind: 'change',
  condition: 'used',
  figure: fig(1),
  price: 18.5,
  basis: 'sold',
  windowDays: 30,
  listingCount: 14,
  lowConfidence: false,
  asOf: '2026-11-26',
  reference: 15,
  direction: 'up',
  periodDays: 7,
  change: 0.2333,
  priceBefore: 15,
  firedAt: '2026-11-26T09:00:00.000Z',
};

const deal: DealPayload = {
  type: 'deal',
  alertId: '7',
  condition: 'new',
  figure: fig(2),
  threshold: 30,
  listing: {
    priceUsd: 12,
    source: 'eBay',
    url: 'https://www.ebay.com/itm/123456789012',
    seller: 'brick_bargains',
    quantity: 2,
    listedAt: '2026-11-26T08:00:00.000Z',
  },
  median: 20,
  sampleSize: 9,
  basis: 'sold',
  discount: 0.4,
  firedAt: '2026-11-26T09:00:00.000Z',
};

const mover = (i: number, change: number) => ({
  figure: fig(i),
  condition: 'used' as const,
  before: 10,
  after: 10 * (1 + change),
  change,
  samplesBefore: 12,
  samplesAfter: 15,
});
const digest: DigestPayload = {
  type: 'digest',
  date: '2026-11-26',
  timeZone: 'Europe/Berlin',
  theme: 'Star Wars',
  gainers: [0.5, 0.4, 0.3, 0.2, 0.1].map((c, i) => mover(10 + i, c)),
  losers: [-0.5, -0.4, -0.3, -0.2, -0.1].map((c, i) => mover(20 + i, c)),
  minSamples: 5,
  newLows: [1, 2, 3, 4, 5].map((i) => ({
    figure: fig(30 + i),
    condition: 'new' as const,
    price: 10 + i,
    previousLow: 12 + i,
    listingCount: 6,
  })),
  newLowDays: 90,
  mostListed: [1, 2, 3, 4, 5].map((i) => ({
    figure: fig(40 + i),
    condition: 'used' as const,
    listings: 100 - i,
  })),
  mostListedDays: 7,
  asOf: '2026-11-26T08:00:00.000Z',
  headlineAsOf: '2026-11-26',
};

describe('notification replies', () => {
  it('an alert says what crossed, the price, its basis and which alert', () => {
    const reply = renderNotification(alert);
    expect(reply.summary).toBe(
      `sw1001 ${LONG_NAME} 1 (used) moved +23.3% in 7 days ($15.00 → $18.50), past your 15% rise alert.`,
    );
    expect(JSON.stringify(reply.blocks)).toContain('median of 14 sold listings, last 30 days to 2026-11-26');
    expect(reply.footer).toContain('alert remove 42');
    expect(reply.tone).toBe('positive');
  });

  it('a deal links to the listing and says how far under the median it is', () => {
    const reply = renderNotification(deal);
    expect(reply.url).toBe(deal.listing.url);
    expect(reply.summary).toBe(
      `sw1002 ${LONG_NAME} 2 (new) listed at $12.00 on eBay, −40.0% against the $20.00 median.`,
    );
    expect(JSON.stringify(reply.blocks)).toContain('9 sold listings');
  });

  it('a digest has the movers with their samples, new lows and the most listed', () => {
    const reply = renderNotification(digest);
    expect(reply.title).toBe('Daily digest · 2026-11-26 · Star Wars');
    const tables = reply.blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(4);
    expect(tables[0]?.type === 'table' && tables[0].rows[0]?.at(-1)).toBe('12 → 15');
    expect(reply.footer).toContain('prices of 2026-11-26 (UTC)');
    expect(reply.summary).toBe(
      'Daily digest 2026-11-26 (Star Wars): top gainer sw1010 +50.0%, top loser sw1020 −50.0%, new low sw1031 at $11.00',
    );
  });

  it("a digest's summary names the losers on a day when prices only fell", () => {
    const reply = renderNotification({ ...digest, gainers: [], newLows: [] });
    expect(reply.summary).toBe('Daily digest 2026-11-26 (Star Wars): top loser sw1020 −50.0%, 0 new lows');
  });

  it("a digest's summary says no movers only when nothing moved", () => {
    const reply = renderNotification({ ...digest, gainers: [], losers: [] });
    expect(reply.summary).toMatch(/: no movers, new low sw1031/);
  });

  it('refuses a payload it does not know instead of sending something wrong', () => {
    expect(() => renderNotification({ type: 'surprise' })).toThrow(/unknown notification payload type/);
  });

  for (const [name, payload] of [
    ['alert', alert],
    ['deal', deal],
    ['digest', digest],
  ] as const) {
    it(`the ${name} renders within Discord's and Slack's limits, and on the console`, () => {
      const reply = renderNotification(payload);
      const discord = renderDiscord(reply, { withContent: true });
      expect(
        messageBodyProblems({
          content: discord.content,
          embeds: discord.embeds,
          components: discord.components,
        }),
      ).toEqual([]);
      const slack = renderSlack(reply);
      expect(blockProblems(slack.blocks)).toEqual([]);
      expect(slack.text).toContain(reply.summary.slice(0, 40));
      expect(renderConsole(reply)).toContain(payload.type === 'digest' ? 'Daily digest' : 'sw100');
    });
  }
});
