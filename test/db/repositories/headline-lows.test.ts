import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadlineRow } from '../../../src/analytics/headline-engine.js';
import type { HeadlineBasis } from '../../../src/analytics/types.js';
import { headlineLowsAsOf, refreshHeadlineLows } from '../../../src/db/repositories/headline-lows.js';
import { dayNumber, dayString, writeHeadlineRows } from '../../../src/db/repositories/headline-prices.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

const D0 = dayNumber('2026-10-01');
const FIRST = D0 - 130;
const LAST = D0 + 12;

interface Point {
  day: number;
  /** Whole cents, so that the expected values below are exact. */
  cents: number;
  basis: HeadlineBasis;
}

/** A small deterministic generator, so that the series are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * Series that stress the sliding minimum: a rising price (the low leaves the window every day), a
 * falling one (every entering day is the new low), a noisy one with gaps and asking-based days
 * (which never count), one that stops before the later windows (its group must go), and equal prices.
 */
function series(): Map<string, Point[]> {
  const rand = lcg(7);
  const out = new Map<string, Point[]>();
  const days = (f: (day: number) => Point | null) => {
    const points: Point[] = [];
    for (let day = FIRST; day <= LAST; day++) {
      const p = f(day);
      if (p) points.push(p);
    }
    return points;
  };
  out.set(
    'rising:used',
    days((day) => ({ day, cents: 1_000 + (day - FIRST) * 7, basis: 'sold-30d' })),
  );
  out.set(
    'falling:new',
    days((day) => ({ day, cents: 90_000 - (day - FIRST) * 11, basis: 'sold-30d' })),
  );
  out.set(
    'noisy:used',
    days((day) => {
      const r = rand();
      if (r < 0.2) return null;
      return { day, cents: 2_000 + Math.floor(rand() * 3_000), basis: r < 0.35 ? 'asking-30d' : 'sold-30d' };
    }),
  );
  out.set(
    'stops:new',
    days((day) => (day < D0 - 85 ? { day, cents: 5_000 - (day - FIRST), basis: 'sold-30d' } : null)),
  );
  out.set(
    'flat:new',
    days((day) => (day % 3 === 0 ? { day, cents: 4_200, basis: 'sold-30d' } : null)),
  );
  return out;
}

/** By definition: the sold-based points of days D-90..D-1, their low, count and ascending minima. */
function expectedLows(all: Map<string, Point[]>, ids: Map<string, string>, asOf: number) {
  const rows: Record<string, unknown>[] = [];
  for (const [key, points] of all) {
    const [name, condition] = key.split(':') as [string, string];
    const inWindow = points.filter((p) => p.basis === 'sold-30d' && p.day >= asOf - 90 && p.day < asOf);
    if (inWindow.length === 0) continue;
    const minima = inWindow.filter((p, i) => inWindow.slice(i + 1).every((later) => p.cents < later.cents));
    rows.push({
      minifigure_id: ids.get(name),
      condition,
      as_of: dayString(asOf),
      low: Math.min(...inWindow.map((p) => p.cents)),
      days: inWindow.length,
      minima: minima.map((p) => `${dayString(p.day)}=${p.cents}`).join(' '),
    });
  }
  return rows.sort((a, b) =>
    `${a.minifigure_id}${a.condition}`.localeCompare(`${b.minifigure_id}${b.condition}`),
  );
}

async function storedLows(em: EntityManager) {
  return em.getConnection().execute(
    `select minifigure_id, condition, to_char(as_of, 'YYYY-MM-DD') as as_of, (low_90d_usd * 100)::int as low,
            priced_days as days,
            (select string_agg(to_char(d, 'YYYY-MM-DD') || '=' || (p * 100)::int, ' ' order by d)
             from unnest(minima_dates, minima_prices) as m(d, p)) as minima
     from headline_lows order by minifigure_id::text || condition`,
  );
}

function toRows(all: Map<string, Point[]>, ids: Map<string, string>): HeadlineRow[] {
  return [...all].flatMap(([key, points]) => {
    const [name, condition] = key.split(':') as [string, 'new' | 'used'];
    return points.map((p) => ({
      minifigureId: ids.get(name) as string,
      condition,
      day: p.day,
      priceUnits: p.cents * 100,
      basis: p.basis,
      windowDays: 30 as const,
      listingCount: 5,
      outliersExcluded: 0,
      lowConfidence: false,
      listings1d: 1,
      listings7d: 5,
      listings30d: 20,
      sold30d: 20,
      listedNow: 0,
    }));
  });
}

describe('headline_lows', () => {
  let db: TestDatabase;
  let em: EntityManager;
  const ids = new Map<string, string>();
  const all = series();

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    for (const name of ['rising', 'falling', 'noisy', 'stops', 'flat']) {
      const [row] = await em
        .getConnection()
        .execute<{ id: string }[]>(
          `insert into minifigures (set_number, name, theme) values (?, ?, 'Test') returning id`,
          [`tst-${name}`, name],
        );
      ids.set(name, row?.id as string);
    }
    const figures = [...ids.values()];
    await writeHeadlineRows(em, toRows(all, ids), { figures, fromDay: FIRST, toDay: LAST });
  });
  afterAll(() => db?.drop());

  it('slides day by day to the same lows, counts and minima as computing them from the definition', async () => {
    await refreshHeadlineLows(em, D0);
    expect(await storedLows(em)).toEqual(expectedLows(all, ids, D0));
    expect(await headlineLowsAsOf(em)).toBe(D0);
    for (let day = D0 + 1; day <= LAST; day++) {
      await refreshHeadlineLows(em, day, { figures: [] });
      expect(await storedLows(em)).toEqual(expectedLows(all, ids, day));
    }
    // The group that stopped is gone once its last day left the window.
    expect((await storedLows(em)).some((r) => r.minifigure_id === ids.get('stops'))).toBe(false);
  });

  it('regroups the figures whose earlier headlines changed, and only those', async () => {
    const day = LAST + 1;
    // A lower price 50 days back for the rising figure: only a regrouping can see it.
    const rising = all.get('rising:used') as Point[];
    const changed = rising.find((p) => p.day === day - 50) as Point;
    changed.cents = 500;
    const id = ids.get('rising') as string;
    await writeHeadlineRows(em, toRows(new Map([['rising:used', rising]]), ids), {
      figures: [id],
      fromDay: FIRST,
      toDay: LAST,
    });
    await refreshHeadlineLows(em, day, { figures: [id] });
    const lows = await storedLows(em);
    expect(lows).toEqual(expectedLows(all, ids, day));
    expect(lows.find((r) => r.minifigure_id === id)?.low).toBe(500);
  });

  it('computes everything when the stored lows carry no minima (lows from before they were kept)', async () => {
    await em.getConnection().execute('update headline_lows set minima_dates = null, minima_prices = null');
    expect(await headlineLowsAsOf(em)).toBeNull();
    await refreshHeadlineLows(em, LAST + 1);
    expect(await storedLows(em)).toEqual(expectedLows(all, ids, LAST + 1));
    expect(await headlineLowsAsOf(em)).toBe(LAST + 1);
  });
});
