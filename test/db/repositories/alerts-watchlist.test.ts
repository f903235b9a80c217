import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAlert,
  listAlerts,
  lockChatUser,
  type NewAlert,
  removeAlert,
} from '../../../src/db/repositories/alerts.js';
import { addWatchItem, listWatchItems, removeWatchItem } from '../../../src/db/repositories/watchlist.js';
import { insertFigure } from '../../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

/** The per-user limits and first use hold when requests for one user arrive at once. */
describe('chat users, alerts and watchlists at once', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let figures: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    figures = [];
    for (let i = 1; i <= 6; i++) figures.push(await insertFigure(em, `cc000${i}`));
  });
  afterAll(() => db?.drop());

  const user = (userId: string) => ({ platform: 'discord', workspaceId: 'g1', userId });
  const below = (figureId: string, threshold: number): NewAlert => ({
    minifigureId: figureId,
    kind: 'below',
    condition: 'used',
    threshold,
    direction: null,
    periodDays: null,
    hysteresis: 0.05,
    currency: 'USD',
    channelId: null,
  });

  it('a first use from several requests at once makes one user', async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.orm.em.fork().transactional((tx) => lockChatUser(tx, user('first'))),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    const [row] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from chat_users where user_id = 'first'`,
    );
    expect(row?.n).toBe(1);
  });

  it('adds at once cannot both take the last alert slot', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        addAlert(db.orm.em.fork(), user('limit'), below(figures[0] as string, i + 1), 5),
      ),
    );
    expect(results.filter((r) => 'added' in r)).toHaveLength(5);
    expect(results.filter((r) => 'limitReached' in r).map((r) => r)).toEqual(
      Array.from({ length: 3 }, () => ({ limitReached: 5 })),
    );
    expect(await listAlerts(em, user('limit'))).toHaveLength(5);
  });

  it('removes only the user’s own active alert, and keeps it marked removed', async () => {
    const added = await addAlert(em, user('owner'), below(figures[1] as string, 12.5), 50);
    if (!('added' in added)) throw new Error('not added');
    expect(added.added).toMatchObject({
      kind: 'below',
      threshold: 12.5,
      state: 'armed',
      fireCount: 0,
      channelId: null,
      figure: { itemNo: 'cc0002' },
    });
    expect(await removeAlert(em, user('someone else'), added.added.id)).toBeNull();
    expect((await removeAlert(em, user('owner'), added.added.id))?.id).toBe(added.added.id);
    expect(await removeAlert(em, user('owner'), added.added.id)).toBeNull();
    expect(await listAlerts(em, user('owner'))).toEqual([]);
    const [row] = await em.execute<{ removed: boolean }[]>(
      'select removed_at is not null as removed from alerts where id = ?',
      [added.added.id],
    );
    expect(row?.removed).toBe(true);
  });

  it('adds at once cannot overfill a watchlist; a watched figure updates, null keeping what is stored', async () => {
    const results = await Promise.all(
      figures.map((id) =>
        addWatchItem(
          db.orm.em.fork(),
          user('watcher'),
          { minifigureId: id, condition: 'new', quantity: 1, paid: null },
          4,
        ),
      ),
    );
    expect(results.filter((r) => 'added' in r && r.added)).toHaveLength(4);
    expect(results.filter((r) => 'limitReached' in r)).toHaveLength(2);

    const [watched] = await listWatchItems(em, user('watcher'));
    if (!watched) throw new Error('nothing watched');
    const again = { minifigureId: watched.figure.id, condition: 'new' as const };
    const paid = { amount: 9.5, currency: 'EUR', usd: 10.5556, on: '2026-11-26' };
    expect(await addWatchItem(em, user('watcher'), { ...again, quantity: 3, paid }, 4)).toEqual({
      added: false,
    });
    expect(await addWatchItem(em, user('watcher'), { ...again, quantity: null, paid: null }, 4)).toEqual({
      added: false,
    });
    // The same price again (another day, another rate) keeps the day and rate it was stored with.
    const later = { ...paid, usd: 11, on: '2026-12-01' };
    expect(await addWatchItem(em, user('watcher'), { ...again, quantity: null, paid: later }, 4)).toEqual({
      added: false,
    });
    expect((await listWatchItems(em, user('watcher')))[0]).toMatchObject({ quantity: 3, paid });

    expect(await removeWatchItem(em, user('someone else'), watched.figure.id)).toBe(0);
    expect(await removeWatchItem(em, user('watcher'), watched.figure.id, 'used')).toBe(0);
    expect(await removeWatchItem(em, user('watcher'), watched.figure.id)).toBe(1);
    expect(await listWatchItems(em, user('watcher'))).toHaveLength(3);
  });
});
