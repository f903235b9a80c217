import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadlineRow } from '../../../src/analytics/headline-engine.js';
import {
  dayNumber,
  pruneHeadlinesBefore,
  writeHeadlineRows,
} from '../../../src/db/repositories/headline-prices.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

const FIGURE = '00000000-0000-4000-8000-000000000001';

function row(date: string): HeadlineRow {
  return {
    minifigureId: FIGURE,
    condition: 'used',
    day: dayNumber(date),
    priceUnits: 125_000,
    basis: 'sold-30d',
    windowDays: 30,
    listingCount: 6,
    outliersExcluded: 0,
    lowConfidence: false,
    listings1d: 1,
    listings7d: 3,
    listings30d: 6,
    sold30d: 6,
    listedNow: 0,
  };
}

/** headline_prices' partitions as [first day, day after the last]. */
async function partitions(em: EntityManager): Promise<string[][]> {
  const rows = await em.getConnection().execute<{ bound: string }[]>(
    `select pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'headline_prices'::regclass order by 1`,
  );
  return rows.map((r) => [...r.bound.matchAll(/'([0-9-]+)'/g)].map((m) => m[1] as string));
}

describe('headline_prices partitions', () => {
  let db: TestDatabase;
  let em: EntityManager;
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
  });
  afterAll(() => db?.drop());

  it('are made by week as rows are written, and dropped once wholly before the horizon', async () => {
    // 2026-11-19 is day 20,776 = 7 x 2,968: a partition starts there.
    const days = ['2026-11-10', '2026-11-18', '2026-11-19', '2026-11-27'];
    const scope = { figures: [FIGURE], fromDay: dayNumber('2026-11-10'), toDay: dayNumber('2026-11-27') };
    expect(await writeHeadlineRows(em, days.map(row), scope)).toEqual({ written: 4, removed: 0 });
    expect(await partitions(em)).toEqual([
      ['2026-11-05', '2026-11-12'],
      ['2026-11-12', '2026-11-19'],
      ['2026-11-19', '2026-11-26'],
      ['2026-11-26', '2026-12-03'],
    ]);
    // A second write finds its partitions there.
    expect(await writeHeadlineRows(em, days.map(row), scope)).toEqual({ written: 0, removed: 0 });

    expect(await pruneHeadlinesBefore(em, dayNumber('2026-11-19'))).toBe(2);
    expect(await partitions(em)).toEqual([
      ['2026-11-19', '2026-11-26'],
      ['2026-11-26', '2026-12-03'],
    ]);
    expect(await pruneHeadlinesBefore(em, dayNumber('2026-11-20'))).toBe(1);
    expect(await partitions(em)).toHaveLength(2);
    const left = await em
      .getConnection()
      .execute<{ d: string }[]>(`select to_char(date, 'YYYY-MM-DD') as d from headline_prices order by date`);
    expect(left.map((r) => r.d)).toEqual(['2026-11-27']);
  });
});
