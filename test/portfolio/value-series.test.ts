import { describe, expect, it } from 'vitest';
import { CARRY_DAYS, shiftDay, valueSeries } from '../../src/portfolio/value-series.js';

const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';

describe('valueSeries', () => {
  it('prices each holding at its last stored headline on or before the day, rounded to the cent, times quantity', () => {
    const points = valueSeries(
      [
        { figureId: A, condition: 'used', quantity: 3 },
        { figureId: B, condition: 'new', quantity: 1 },
      ],
      [
        { figureId: A, condition: 'used', date: '2026-11-01', price: 10.005 },
        { figureId: A, condition: 'used', date: '2026-11-03', price: 12.334 },
        // The other condition of A is not held.
        { figureId: A, condition: 'new', date: '2026-11-02', price: 999 },
        { figureId: B, condition: 'new', date: '2026-11-02', price: 50 },
      ],
      ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'],
    );
    // 10.005 shows as $10.01 (×3 = 30.03); 12.334 as $12.33 (×3 = 36.99).
    expect(points).toEqual([
      { date: '2026-11-01', valueCents: 3003, priced: 1 },
      { date: '2026-11-02', valueCents: 3003 + 5000, priced: 2 },
      { date: '2026-11-03', valueCents: 3699 + 5000, priced: 2 },
      { date: '2026-11-04', valueCents: 3699 + 5000, priced: 2 },
    ]);
  });

  it(`carries a price at most ${CARRY_DAYS} days, and a day before any price is unpriced`, () => {
    const dates = [
      shiftDay('2026-12-31', 31),
      shiftDay('2026-12-31', 1),
      '2026-12-31',
      shiftDay('2026-12-31', -1),
    ];
    const points = valueSeries(
      [{ figureId: A, condition: 'new', quantity: 2 }],
      [{ figureId: A, condition: 'new', date: shiftDay('2026-12-31', 1), price: 7.5 }],
      dates,
    );
    expect(points.map((p) => p.valueCents)).toEqual([0, 1500, 1500, 1500]);
    const later = valueSeries(
      [{ figureId: A, condition: 'new', quantity: 1 }],
      [{ figureId: A, condition: 'new', date: '2026-10-01', price: 7.5 }],
      ['2026-10-31', '2026-11-01'],
    );
    expect(later.map((p) => p.priced)).toEqual([1, 0]);
  });
});
