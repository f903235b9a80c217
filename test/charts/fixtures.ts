import type { HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';

/** A week of new-condition prices with two days of listings and one stored headline. */
export const WEEK_OF_PRICES: HistoryChartInput = {
  figure: FIGURES.sw0002,
  series: [
    {
      condition: 'new',
      points: [
        { date: '2026-11-20', median: 20, min: 10, max: 40, count: 3 },
        { date: '2026-11-26', median: 22, min: 11, max: 38, count: 2 },
      ],
      headline: [{ date: '2026-11-20', price: 21, basis: 'sold-30d' }],
    },
  ],
  days: 7,
  end: '2026-11-26',
};
