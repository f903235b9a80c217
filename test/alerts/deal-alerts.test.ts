import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOW_CONFIDENCE_BELOW } from '../../src/analytics/outlier-rule.js';
import { DEALS_PER_ALERT_PER_RUN } from '../../src/db/repositories/deal-evaluation.js';
import {
  DAY,
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

// Each test runs three days after the previous one: the snapshot refresh's clock only moves forward.
let T = new Date('2026-11-20T12:00:00Z');
const ago = (ms: number) => new Date(T.getTime() - ms);

describe('evaluate-alerts: deal alerts', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let user: string;
  beforeEach(() => {
    T = new Date(T.getTime() + 3 * DAY);
  });
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    user = await insertUser(em, { userId: 'U9', platform: 'slack', workspaceId: 'T1' });
  });
  afterAll(() => db?.drop());

  const evaluate = (now: Date) => refreshAndEvaluate(db.orm, now);
  const deals = async (alertId: string) =>
    (await outboxRows(em)).filter((r) => r.dedupeKey.startsWith(`deal:${alertId}:`));
  const sold = (figureId: string, prices: number[]) =>
    insertListings(
      em,
      prices.map((price, i) => ({ figureId, price, at: ago((i + 2) * DAY), ingestedAt: ago(20 * DAY) })),
    );

  it('fires for a new asking listing far enough under the median, once, with a link to it', async () => {
    const fig = await insertFigure(em, 'deal001', { name: 'Bargain Bot' });
    const prices = [18, 19, 20, 20, 21, 22, 24, 19.5];
    await sold(fig, prices);
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'deal',
      threshold: 25,
      createdAt: ago(DAY),
    });
    const m = median(prices);
    await insertListings(em, [
      {
        figureId: fig,
        price: 13,
        kind: 'asking',
        source: 'eBay',
        seller: 'brickdeals',
        at: ago(30 * 60_000),
        externalId: 'ebay-1',
        raw: { itemWebUrl: 'https://www.ebay.com/itm/1234' },
      },
      // 10% under: not a deal at 25%.
      {
        figureId: fig,
        price: m * 0.9,
        kind: 'asking',
        source: 'eBay',
        at: ago(20 * 60_000),
        externalId: 'ebay-2',
      },
    ]);
    await evaluate(T);
    const rows = await deals(alert);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.targetKind).toBe('user');
    expect(rows[0]?.targetId).toBe('U9');
    expect(rows[0]?.payload).toMatchObject({
      type: 'deal',
      alertId: alert,
      threshold: 25,
      median: m,
      sampleSize: prices.length,
      basis: 'sold',
      listing: { priceUsd: 13, source: 'eBay', url: 'https://www.ebay.com/itm/1234', seller: 'brickdeals' },
    });
    expect(rows[0]?.payload.discount as number).toBeCloseTo(1 - 13 / m, 5);

    await evaluate(new Date(T.getTime() + HOUR));
    expect(await deals(alert)).toHaveLength(1);
  });

  it('does not treat the same offer seen again as new, and links BrickLink lots to the price guide', async () => {
    const fig = await insertFigure(em, 'deal002');
    await sold(fig, [30, 31, 32, 33, 34, 35]);
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'deal',
      threshold: 30,
      createdAt: ago(DAY),
    });
    // BrickLink's stock guide reports the same lot each fetch day, with a new id.
    const lot = { figureId: fig, price: 15, kind: 'asking' as const, source: 'BrickLink' };
    await insertListings(em, [{ ...lot, at: ago(HOUR), externalId: 'bl-day1' }]);
    await evaluate(T);
    const first = await deals(alert);
    expect(first).toHaveLength(1);
    expect(first[0]?.payload).toMatchObject({
      listing: { url: 'https://www.bricklink.com/v2/catalog/catalogitem.page?M=deal002#T=P' },
    });
    await insertListings(em, [{ ...lot, at: new Date(T.getTime() + DAY - HOUR), externalId: 'bl-day2' }]);
    await evaluate(new Date(T.getTime() + DAY));
    expect(await deals(alert)).toHaveLength(1);
  });

  it(`needs ${LOW_CONFIDENCE_BELOW} listings behind the median`, async () => {
    const fig = await insertFigure(em, 'deal003');
    await sold(
      fig,
      Array.from({ length: LOW_CONFIDENCE_BELOW - 1 }, () => 50),
    );
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'deal',
      threshold: 10,
      createdAt: ago(DAY),
    });
    await insertListings(em, [
      { figureId: fig, price: 5, kind: 'asking', at: ago(HOUR), externalId: 'few-1' },
    ]);
    await evaluate(T);
    expect(await deals(alert)).toHaveLength(0);
  });

  it('ignores listings from before the alert existed, and caps one run at the best few', async () => {
    const fig = await insertFigure(em, 'deal004');
    await sold(fig, [100, 100, 100, 100, 100, 100]);
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'deal',
      threshold: 20,
      createdAt: ago(HOUR),
    });
    await insertListings(em, [
      // Listed three days ago, ingested just now (a late fetch): it predates the alert.
      {
        figureId: fig,
        price: 10,
        kind: 'asking',
        source: 'eBay',
        at: ago(3 * DAY),
        ingestedAt: ago(60_000),
        externalId: 'old',
      },
      ...[50, 45, 60, 70, 40].map((price, i) => ({
        figureId: fig,
        price,
        kind: 'asking' as const,
        source: 'eBay',
        seller: `s${i}`,
        at: ago((i + 1) * 60_000),
        externalId: `cap-${i}`,
      })),
    ]);
    await evaluate(T);
    const rows = await deals(alert);
    expect(rows).toHaveLength(DEALS_PER_ALERT_PER_RUN);
    expect(
      rows.map((r) => (r.payload.listing as { priceUsd: number }).priceUsd).sort((a, b) => a - b),
    ).toEqual([40, 45, 50].slice(0, DEALS_PER_ALERT_PER_RUN));
  });

  it('still sees a listing whose ingest committed after the previous run started', async () => {
    const fig = await insertFigure(em, 'deal005');
    await sold(fig, [10, 10, 10, 10, 10]);
    const alert = await insertAlert(em, {
      userId: user,
      figureId: fig,
      kind: 'deal',
      threshold: 20,
      createdAt: ago(DAY),
    });
    await evaluate(T);
    // Stamped 5 minutes before that run (its transaction began then) but visible only now.
    await insertListings(em, [
      {
        figureId: fig,
        price: 6,
        kind: 'asking',
        at: ago(10 * 60_000),
        ingestedAt: ago(5 * 60_000),
        externalId: 'late',
      },
    ]);
    await evaluate(new Date(T.getTime() + 15 * 60_000));
    expect(await deals(alert)).toHaveLength(1);
  });
});
