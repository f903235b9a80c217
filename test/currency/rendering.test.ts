/**
 * Replies and notifications in EUR, GBP and JPY through every platform's renderer: the amounts as
 * the currency is written, the conversion note in the footer, inside Discord's and Slack's limits.
 * The set card and the watchlist value are among them, and the watchlist chart's axis.
 */
import { describe, expect, it } from 'vitest';
import type { WatchItem } from '../../src/alerts/store.js';
import type { AlertFiredPayload, DealPayload, DigestPayload } from '../../src/alerts/types.js';
import { liquidity } from '../../src/analytics/liquidity.js';
import { portfolioChartConfig } from '../../src/charts/portfolio-chart.js';
import type { Reply } from '../../src/core/reply.js';
import { money } from '../../src/currency/format-money.js';
import { bookView } from '../../src/currency/money-view.js';
import { RateBook } from '../../src/currency/rate-book.js';
import { renderNotification } from '../../src/replies/notification.js';
import { priceReply } from '../../src/replies/price.js';
import { setReply } from '../../src/replies/set.js';
import { watchValueReply } from '../../src/replies/watchlist.js';
import { partOut } from '../../src/sets/part-out.js';
import { FIGURES } from '../support/fake-deps.js';
import { catalogueSet } from '../support/fake-sets.js';
import { renderEverywhere } from '../support/render-everywhere.js';

const RATES = { EUR: 0.9086, GBP: 0.7912, JPY: 155.2 } as const;
const book = new RateBook(
  Object.entries(RATES).map(([currency, rate]) => ({ date: '2026-11-26', currency, rate: String(rate) })),
);
const figure = { ...FIGURES.sw0002 };

const alert = (code: string, rate: number): AlertFiredPayload => ({
  type: 'alert',
  alertId: '42',
  kind: 'below',
  condition: 'used',
  figure,
  price: 95.5,
  basis: 'sold',
  windowDays: 30,
  listingCount: 14,
  asOf: '2026-11-26',
  reference: 100 * rate,
  direction: null,
  periodDays: null,
  change: null,
  priceBefore: null,
  firedAt: '2026-11-26T09:00:00.000Z',
  currency: { code, rate, date: '2026-11-26' },
});

const digest = (code: string, rate: number): DigestPayload => ({
  type: 'digest',
  date: '2026-11-26',
  timeZone: 'Europe/Berlin',
  theme: null,
  gainers: [
    {
      figure,
      condition: 'used',
      before: 80,
      after: 95.5,
      change: 0.19375,
      samplesBefore: 6,
      samplesAfter: 7,
    },
  ],
  losers: [],
  minSamples: 5,
  newLows: [{ figure, condition: 'new', price: 60, previousLow: 70, listingCount: 8 }],
  newLowDays: 90,
  mostListed: [],
  mostListedDays: 7,
  asOf: '2026-11-26T08:00:00.000Z',
  headlineAsOf: '2026-11-26',
  currency: { code, rate, date: '2026-11-26' },
});

const deal = (code: string, rate: number): DealPayload => ({
  type: 'deal',
  alertId: '7',
  condition: 'new',
  figure,
  threshold: 30,
  listing: {
    priceUsd: 50,
    source: 'eBay',
    url: 'https://www.ebay.com/itm/123456789012',
    seller: 'brick_bargains',
    quantity: 1,
    listedAt: '2026-11-26T08:00:00.000Z',
  },
  median: 95.5,
  sampleSize: 9,
  basis: 'sold',
  discount: 0.476,
  firedAt: '2026-11-26T09:00:00.000Z',
  currency: { code, rate, date: '2026-11-26' },
});

const everywhere = (reply: Reply) => Object.values(renderEverywhere(reply));

describe('replies and notifications in other currencies, on every platform', () => {
  for (const [code, rate] of Object.entries(RATES)) {
    it(`${code}: price card, fired below, change and new-low alerts, a deal and a digest`, () => {
      const price = priceReply(
        {
          figure,
          conditions: [
            {
              condition: 'used',
              basis: 'sold',
              windowDays: 30,
              listingCount: 14,
              median: 95.5,
              min: 70,
              max: 120,
              lowConfidence: false,
              change7d: 0.05,
              change30d: null,
              bySource: [{ source: 'BrickLink', listingCount: 14, median: 95.5 }],
              liquidity: liquidity(14, 6),
            },
          ],
          asOf: new Date('2026-11-26T09:00:00Z'),
          sources: ['BrickLink'],
        },
        bookView(code, book, '2026-11-26'),
      );
      const converted = money(95.5 * rate, code);
      for (const out of everywhere(price)) {
        expect(out).toContain(converted);
        expect(out).toContain('14 sold in 30 days (3.3 a week) · 6 listed now · sell-through 70%');
        expect(out).toContain(`${code}, converted from USD at 1 USD = `);
      }
      const fired = renderNotification(alert(code, rate));
      expect(fired.summary).toContain(`is at ${converted} ($95.50), at or below your `);
      for (const out of everywhere(fired)) expect(out).toContain(converted);
      const moved = renderNotification({
        ...alert(code, rate),
        kind: 'change',
        reference: 15,
        direction: 'up',
        periodDays: 7,
        change: 0.19375,
        priceBefore: 80,
      });
      const before = `${money(80 * rate, code)} ($80.00)`;
      expect(moved.summary).toContain(`(${before} → ${converted} ($95.50)), past your 15% rise alert.`);
      for (const out of everywhere(moved)) expect(out).toContain(before);
      const low = renderNotification({
        ...alert(code, rate),
        kind: 'new-low',
        reference: 99,
        periodDays: 90,
      });
      const previous = `${money(99 * rate, code)} ($99.00)`;
      expect(low.summary).toContain(
        `90-day low: ${converted} ($95.50), under the previous low of ${previous}.`,
      );
      for (const out of everywhere(low)) expect(out).toContain(previous);
      const bargain = renderNotification(deal(code, rate));
      expect(bargain.summary).toContain(`listed at ${money(50 * rate, code)} on eBay`);
      for (const out of everywhere(bargain)) expect(out).toContain(`${code}, converted from USD`);
      const daily = renderNotification(digest(code, rate));
      for (const out of everywhere(daily)) {
        expect(out).toContain(money(60 * rate, code));
        expect(out).toContain(`${code}, converted from USD`);
      }
    });
  }

  /** A USD amount converted and rounded as the currency is shown, in its units (2 decimals, none for JPY). */
  const shown = (usd: number, code: string, rate: number) =>
    Number((usd * rate).toFixed(code === 'JPY' ? 0 : 2));

  for (const [code, rate] of Object.entries(RATES)) {
    it(`${code}: a set's part-out value, the watchlist value and its chart`, () => {
      const set = catalogueSet({ setNo: '75192-1', name: 'Millennium Falcon', year: 2017 });
      const card = setReply(
        set,
        partOut(
          'new',
          [
            { itemNo: 'sw0002', figure, quantity: 2, price: 95.5, basis: 'sold', listingCount: 14 },
            {
              itemNo: 'sw0004',
              figure: FIGURES.sw0004,
              quantity: 1,
              price: 20,
              basis: 'asking',
              listingCount: 3,
            },
          ],
          set.retail.usd,
        ),
        '2026-11-26',
        bookView(code, book, '2026-11-26'),
      );
      const partOutValue = money(2 * shown(95.5, code, rate) + shown(20, code, rate), code);
      expect(card.summary).toContain(`part-out value ${partOutValue} (new)`);
      for (const out of everywhere(card)) {
        expect(out).toContain(money(95.5 * rate, code));
        expect(out).toContain(partOutValue);
        expect(out).toContain(`${code}, converted from USD at 1 USD = `);
      }
      const watched = watchValueReply(
        [
          {
            item: {
              figure,
              condition: 'used',
              quantity: 2,
              paid: { amount: 80, currency: 'USD', usd: 80, on: null },
            } as WatchItem,
            price: 95.5,
            basis: 'sold',
            listingCount: 14,
          },
        ],
        bookView(code, book, '2026-11-26'),
      );
      for (const out of everywhere(watched)) {
        expect(out).toContain(money(2 * shown(95.5, code, rate), code));
        expect(out).toContain(money(2 * shown(80, code, rate), code));
        expect(out).toContain(`${code}, converted from USD at 1 USD = `);
      }
      const chart = portfolioChartConfig({
        title: 'Watchlist value',
        days: 30,
        points: [{ date: '2026-11-26', value: 191 * rate, priced: 1 }],
        paid: 160 * rate,
        currency: code,
      });
      const tick = chart.options?.scales?.y?.ticks as { callback: (v: number) => string };
      expect(tick.callback(1000)).toBe(money(1000, code));
      expect(chart.data.datasets.map((d) => d.data)).toEqual([[191 * rate], [160 * rate]]);
    });
  }
});
