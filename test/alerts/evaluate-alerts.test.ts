import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import {
  DAY,
  HOUR,
  insertAlert,
  insertFigure,
  insertListings,
  insertUser,
  median,
  outboxRows,
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

  const evaluate = (now: Date) => evaluateAlerts(db.orm.em.fork(), { now, minConfidence: 0.6 });
  const rowsFor = async (alertId: string) =>
    (await outboxRows(em)).filter((r) => r.dedupeKey.startsWith(`alert:${alertId}:`));
  const firings = async (alertId: string) =>
    em.execute<{ value: string; reference: string | null }[]>(
      'select value, reference from alert_firings where alert_id = ? order by id',
      [alertId],
    );

  it('fires a below alert once, on the same headline price the price command shows', async () => {
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
    for (let h = 0; h < 7 * 24; h += 3) await evaluate(at(h * HOUR));
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
    const t1 = at(200 * DAY);
    await sales(25, t1);
    await evaluate(t1);
    expect(await rowsFor(alert)).toHaveLength(1);
    // Down past the band (< 19): re-arms. Then up again two hours after firing: inside the cooldown.
    const t2 = at(231 * DAY);
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
    const before = [10, 11, 12, 10.5];
    const now = [13, 14, 13.5, 15];
    const t = at(400 * DAY);
    await insertListings(em, [
      // The window ending 7 days ago: [t-37d, t-7d)
      ...before.map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (10 + i) * DAY) })),
      // The last 30 days.
      ...now.map((price, i) => ({ figureId: fig, price, at: new Date(t.getTime() - (i + 1) * HOUR) })),
    ]);
    const up = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'change',
      threshold: 10,
      direction: 'up',
      periodDays: 7,
    });
    const down = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'change',
      threshold: 10,
      direction: 'down',
      periodDays: 7,
    });
    await evaluate(t);
    // Headline now: the median of all sales in the last 30 days (the "before" sales are inside it too).
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
      reference: 10,
    });
    expect(rows[0]?.payload.change as number).toBeCloseTo(current / past - 1, 5);
    expect(await rowsFor(down)).toHaveLength(0);
  });

  it('fires a new-low alert when the headline falls under its lowest of the period', async () => {
    const fig = await insertFigure(em, 'tst0006');
    const t = at(600 * DAY);
    // Sales around $20 for 120 days, then a run of cheap sales.
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
    // Independent reference: the 30-day median as it stood at the end of each of the 30 days before `now`.
    const windowMedian = (end: number) => {
      const inside = listings.filter((l) => l.at.getTime() <= end && l.at.getTime() > end - 30 * DAY);
      return inside.length >= 3 ? median(inside.map((l) => l.price)) : Number.POSITIVE_INFINITY;
    };
    const priorLow = (now: number) =>
      Math.min(...Array.from({ length: 30 }, (_, i) => windowMedian(now - (i + 1) * DAY)));

    await evaluate(t);
    const calmExpected = windowMedian(t.getTime()) < priorLow(t.getTime()) ? 1 : 0;
    expect(await rowsFor(alert)).toHaveLength(calmExpected);

    const cheap = Array.from({ length: 31 }, (_, i) => ({
      figureId: fig,
      price: 5,
      at: new Date(t.getTime() - (i + 1) * 60_000),
    }));
    await insertListings(em, cheap);
    listings.push(...cheap);
    const later = t.getTime() + HOUR;
    await evaluate(new Date(later));
    const rows = await rowsFor(alert);
    expect(rows).toHaveLength(calmExpected + 1);
    const low = priorLow(later);
    expect(rows.at(-1)?.payload).toMatchObject({
      kind: 'new-low',
      price: windowMedian(later),
      reference: low,
      periodDays: 30,
    });
    expect(windowMedian(later)).toBeLessThan(low);
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
