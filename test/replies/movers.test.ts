/** The movers reply's footer: what the change is measured on, in USD and in another currency. */
import { describe, expect, it } from 'vitest';
import type { MoneyView } from '../../src/currency/money-view.js';
import type { MoversResult } from '../../src/deps.js';
import { moversReply } from '../../src/replies/movers.js';
import { FIGURES } from '../support/fake-deps.js';

const RESULT: MoversResult = {
  gainers: [
    {
      figure: FIGURES.sw0002,
      condition: 'used',
      before: 40,
      after: 52,
      change: 0.3,
      samplesBefore: 5,
      samplesAfter: 7,
    },
  ],
  losers: [],
  minSamples: 3,
  asOf: new Date('2026-11-26T12:00:00Z'),
};

/** EUR at 0.9 on the start day and 0.95 on the end day. */
const EUR: MoneyView = {
  code: 'EUR',
  fromUsd: (usd, date) => usd * (date === '2026-11-26' ? 0.95 : 0.9),
  show: (usd, date) => `€${(usd * (date === '2026-11-26' ? 0.95 : 0.9)).toFixed(2)}`,
  note: () => "EUR, converted from USD at each day's ECB rate",
};

describe('movers reply footer', () => {
  it('in USD, names the headline price change', () => {
    const reply = moversReply({ period: '7d', result: RESULT });
    expect(reply.footer).toBe(
      'Headline price change; each figure needs 3+ listings at both ends · as of 2026-11-26',
    );
  });

  it('in another currency, says the change is measured in USD and the amounts are converted', () => {
    const reply = moversReply({ period: '7d', theme: 'Marvel', result: RESULT }, EUR);
    // +30% in USD, though €36.00 → €49.40 is +37%: each end is converted at its own day's rate.
    expect(reply.blocks.find((b) => b.type === 'table')).toMatchObject({
      rows: [['sw0002', 'Boba Fett - Classic Grays', 'used', '€36.00', '€49.40', '+30.0%', '5 → 7']],
    });
    expect(reply.footer).toBe(
      "Change measured in USD headline prices; each figure needs 3+ listings at both ends · as of 2026-11-26 · EUR, converted from USD at each day's ECB rate",
    );
    expect(reply.title).toBe('Movers: 7 days, Marvel');
  });
});
