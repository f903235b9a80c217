import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  dayOf,
  HOUR,
  insertAlert,
  insertFigure,
  insertListings,
  insertUser,
  median,
  outboxRows,
  refreshAndEvaluate,
} from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const T0 = new Date('2026-11-20T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('evaluate-alerts: level alerts', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let user: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    user = await insertUser(em, { userId: 'U1', platform: 'discord', workspaceId: 'G1' });
  });
  afterAll(() => db?.drop());

  // Test prices stay within a factor 1.5 of each other where a test checks a price, so the outlier
  // rule keeps every listing and the headline is the plain median computed here.
  const evaluate = (now: Date) => refreshAndEvaluate(db.orm, now);
  const rowsFor = async (alertId: string) =>
    (await outboxRows(em)).filter((r) => r.dedupeKey.startsWith(`alert:${alertId}:`));
  const firings = async (alertId: string) =>
    em.execute<{ value: string; reference: string | null }[]>(
      'select value, reference from alert_firings where alert_id = ? order by id',
      [alertId],
    );

  it('fires a below alert once, on the stored headline price of the day', async () => {
    const fig = await insertFigure(em, 'tst0001', { name: 'Test Trooper' });
    const prices = [8, 9.5, 10, 12, 7.25];
    await insertListings(
      em,
      prices.map((price, i) => ({ figureId: fig, price, at: at(-(i + 1) * DAY) })),
    );
    // Old and superseded-free noise outside the 30-day window must not count.
    await insertListings(em, [{ figureId: fig, price: 1, at: at(-45 * DAY) }]);
    const alert = await insertAlert(em, { userId: user, figureId: fig, kind: 'below', threshold: 9.5 });

    await evaluate(T0);
    const rows = await rowsFor(alert);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.platform).toBe('discord');
    expect(row?.targetKind).toBe('user');
    expect(row?.targetId).toBe('U1');
    expect(row?.status).toBe('pending');
    expect(row?.payload).toMatchObject({
      type: 'alert',
      alertId: alert,
      kind: 'below',
      condition: 'used',
      price: median(prices),
      basis: 'sold',
      windowDays: 30,
      listingCount: prices.length,
      lowConfidence: false,
      asOf: T0.toISOString().slice(0, 10),
      reference: 9.5,
      figure: { itemNo: 'tst0001', name: 'Test Trooper' },
      firedAt: T0.toISOString(),
    });
    expect(await firings(alert)).toEqual([{ value: '9.5000', reference: '9.5000' }]);

    await evaluate(at(HOUR));
    expect(await rowsFor(alert)).toHaveLength(1);
  });

  it('fires once when the price stays under the threshold for a week', async () => {
    const fig = await insertFigure(em, 'tst0002');
    // A sale every 6 hours for 30 days before T0 and through the week after, all between $4 and $6.
    const listings = [];
    for (let h = -30 * 24; h < 7 * 24; h += 6) {
      listings.push({ figureId: fig, price: 4 + ((h / 6) % 5) * 0.5, at: at(h * HOUR) });
    }
    await insertListings(em, listings);
    const alert = await insertAlert(em, { userId: user, figureId: fig, kind: 'below', threshold: 7 });
    for (let h = 0; h < 7 * 24; h += 12) await evaluate(at(h * HOUR));
    expect(await rowsFor(alert)).toHaveLength(1);
    expect(await firings(alert)).toHaveLength(1);
  });

  it('re-arms only past the hysteresis band, and respects the cooldown', async () => {
    const fig = await insertFigure(em, 'tst0003');
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'below',
      threshold: 10,
      hysteresis: 0.1,
      cooldown: '12 hours',
    });
    // Each phase replaces the market: a day of sales at one price, evaluated at the end of the day.
    let day = 100;
    const phase = async (price: number) => {
      day += 31; // past the previous phase's 30-day window
      const end = at(day * DAY);
      await insertListings(
        em,
        [1, 2, 3].map((h) => ({ figureId: fig, price, at: new Date(end.getTime() - h * HOUR) })),
      );
      await evaluate(end);
      return (await rowsFor(alert)).length;
    };
    expect(await phase(9)).toBe(1); // crossed: fires
    expect(await phase(10.5)).toBe(1); // back above 10 but inside the band (< 11): stays fired
    expect(await phase(9.5)).toBe(1); // under again, but it never re-armed
    expect(await phase(11.5)).toBe(1); // past the band: re-armed
    expect(await phase(8)).toBe(2); // crossed again, cooldown long over: fires
  });

  it('does not fire again inside the cooldown, and fires when it is over if the price is still there', async () => {
    const fig = await insertFigure(em, 'tst0004');
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'above',
      threshold: 20,
      hysteresis: 0.05,
      cooldown: '24 hours',
    });
    const sales = (price: number, end: Date) =>
      insertListings(
        em,
        [1, 2, 3].map((h) => ({ figureId: fig, price, at: new Date(end.getTime() - h * 60_000) })),
      );
    const t1 = at(300 * DAY);
    await sales(25, t1);
    await evaluate(t1);
    expect(await rowsFor(alert)).toHaveLength(1);
    // Down past the band (< 19): re-arms. Then up again two hours after firing: inside the cooldown.
    const t2 = at(331 * DAY);
    await em.execute(`update alerts set last_fired_at = ? where id = ?`, [
      new Date(t2.getTime() - 4 * HOUR),
      alert,
    ]);
    await sales(15, new Date(t2.getTime() - 2 * HOUR));
    await evaluate(new Date(t2.getTime() - 2 * HOUR + 60_000));
    const [state] = await em.execute<{ state: string }[]>('select state from alerts where id = ?', [alert]);
    expect(state?.state).toBe('armed');
    await sales(30, t2);
    await sales(30, new Date(t2.getTime() + 60_000));
    const summary = await evaluate(new Date(t2.getTime() + 2 * 60_000));
    expect(summary.levels.suppressed).toBeGreaterThanOrEqual(1);
    expect(await rowsFor(alert)).toHaveLength(1);
    // 21 hours later the cooldown (24 h from the firing 4 h before t2) is over.
    await evaluate(new Date(t2.getTime() + 21 * HOUR));
    expect(await rowsFor(alert)).toHaveLength(2);
  });

  it('fires a change alert on the percent move over its period', async () => {
    const fig = await insertFigure(em, 'tst0005');
    const before = [10, 11, 12, 10.5, 11.5];
    const now = [13, 14, 13.5, 15];
    const t = at(400 * DAY);
    await insertListings(em, [
      // Inside the headline window of the day 7 days ago (days D-36..D-7).
      ...before.map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (10 + i) * DAY) })),
      // The last 30 days.
      ...now.map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (i + 1) * HOUR) })),
    ]);
    const up = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'change',
      threshold: 5,
      direction: 'up',
      periodDays: 7,
    });
    const down = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'change',
      threshold: 5,
      direction: 'down',
      periodDays: 7,
    });
    await evaluate(t);
    // Headline now: the median of all sales of the last 30 days (the "before" sales are inside it too).
    const current = median([...before, ...now]);
    const past = median(before);
    const rows = await rowsFor(up);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toMatchObject({
      kind: 'change',
      direction: 'up',
      periodDays: 7,
      price: current,
      priceBefore: past,
      reference: 5,
    });
    expect(rows[0]?.payload.change as number).toBeCloseTo(current / past - 1, 5);
    expect(await rowsFor(down)).toHaveLength(0);
  });

  it('fires a new-low alert when the headline falls under its lowest of the period', async () => {
    const fig = await insertFigure(em, 'tst0006');
    const t = at(600 * DAY);
    const today = dayOf(t);
    // Sales between $20 and $22 for 120 days, then a run of $15 sales: all within a factor 1.5.
    const listings: { figureId: string; price: number; at: Date }[] = [];
    for (let d = 2; d < 120; d++)
      listings.push({ figureId: fig, price: 20 + (d % 3), at: new Date(t.getTime() - d * DAY) });
    await insertListings(em, listings);
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'new-low',
      threshold: 0,
      periodDays: 30,
    });
    // Independent reference: the headline of UTC day X is the median of the sales of days X-29..X.
    const headline = (day: number) => {
      const inside = listings.filter((l) => dayOf(l.at) <= day && dayOf(l.at) > day - 30).map((l) => l.price);
      return inside.length > 0 ? median(inside) : Number.POSITIVE_INFINITY;
    };
    const priorLow = (day: number) =>
      Math.min(...Array.from({ length: 30 }, (_, i) => headline(day - 1 - i)));

    await evaluate(t);
    const calm = headline(today) < priorLow(today) ? 1 : 0;
    expect(await rowsFor(alert)).toHaveLength(calm);

    const cheap = Array.from({ length: 40 }, (_, i) => ({
      figureId: fig,
      price: 15,
      at: new Date(t.getTime() - (i + 1) * 60_000),
    }));
    await insertListings(em, cheap);
    listings.push(...cheap);
    await evaluate(new Date(t.getTime() + HOUR));
    const rows = await rowsFor(alert);
    expect(rows).toHaveLength(calm + 1);
    expect(headline(today)).toBeLessThan(priorLow(today));
    expect(rows.at(-1)?.payload).toMatchObject({
      kind: 'new-low',
      price: headline(today),
      reference: priorLow(today),
      periodDays: 30,
    });
  });

  it('does not fire change or new-low alerts on a low-confidence headline', async () => {
    const fig = await insertFigure(em, 'tst0008');
    const t = at(700 * DAY);
    // Two sales eight days ago, two now: +20% on four listings, too few to trust.
    await insertListings(em, [
      ...[10, 10].map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (8 + i) * DAY) })),
      ...[14, 14].map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (i + 1) * HOUR) })),
    ]);
    const change = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'change',
      threshold: 5,
      direction: 'any',
      periodDays: 7,
    });
    const above = await insertAlert(em, { userId: user, figureId: fig, kind: 'above', threshold: 11 });
    await evaluate(t);
    expect(await rowsFor(change)).toHaveLength(0);
    // A price alert still fires, and says how little stands behind the price.
    const [row] = await rowsFor(above);
    expect(row?.payload).toMatchObject({
      price: median([10, 10, 14, 14]),
      listingCount: 4,
      lowConfidence: true,
    });
  });

  it('sends a channel alert to the channel, and skips removed alerts', async () => {
    const fig = await insertFigure(em, 'tst0007');
    const t = at(800 * DAY);
    await insertListings(
      em,
      [5, 6, 7].map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - i * HOUR) })),
    );
    const toChannel = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'below',
      threshold: 100,
      channelId: 'C42',
    });
    const removed = await insertAlert(em, { userId: user, figureId: fig, kind: 'below', threshold: 100 });
    await em.execute('update alerts set removed_at = ? where id = ?', [t, removed]);
    await evaluate(t);
    const rows = await rowsFor(toChannel);
    expect(rows.map((r) => [r.targetKind, r.targetId])).toEqual([['channel', 'C42']]);
    expect(await rowsFor(removed)).toHaveLength(0);
  });
});
