import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatReadCache, untilChanged } from '../../src/cache/until-changed.js';
import { refreshMoversLatest } from '../../src/db/repositories/movers-latest.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const log = pino({ level: 'silent' });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('untilChanged', () => {
  it('keeps a read until invalidated, and shares a load in progress', async () => {
    const cache = untilChanged();
    cache.setEnabled(true);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    cache.invalidate();
    expect(await cache.get('k', load)).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, size: 1 });
  });

  it('drops a read that names its tables only on a change to one of them, any other read on any change', async () => {
    const cache = untilChanged();
    cache.setEnabled(true);
    await cache.get('names', async () => 'names', ['minifigures']);
    await cache.get('quote', async () => 'quote');
    cache.invalidate('price_listings');
    expect(await cache.get('names', async () => 'reloaded', ['minifigures'])).toBe('names');
    expect(await cache.get('quote', async () => 'reloaded')).toBe('reloaded');
    cache.invalidate('minifigures');
    expect(await cache.get('names', async () => 'reloaded', ['minifigures'])).toBe('reloaded');
    cache.invalidate();
    expect(cache.stats().size).toBe(0);
  });

  it('keeps nothing while disabled, and no failed load', async () => {
    const cache = untilChanged();
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
    cache.setEnabled(true);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => ++loads)).toBe(3);
  });

  it('a load that began before an invalidation is not kept after it', async () => {
    const cache = untilChanged();
    cache.setEnabled(true);
    let release: (v: string) => void = () => {};
    const old = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.invalidate();
    release('before the write');
    expect(await old).toBe('before the write');
    expect(await cache.get('k', async () => 'after the write')).toBe('after the write');
  });

  it('drops the oldest entries beyond its size', async () => {
    const cache = untilChanged({ maxEntries: 2 });
    cache.setEnabled(true);
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    expect(cache.stats().size).toBe(2);
    expect(await cache.get('a', async () => 'reloaded')).toBe('reloaded');
  });
});

describe('startChatReadCache on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each([
    ['a catalogue change', 'update minifigures set name = name where false'],
    [
      'a preference',
      "insert into chat_preferences (platform, workspace_id, scope, scope_id, currency) values ('slack', 'T1', 'user', 'U1', 'EUR')",
    ],
    ['a snapshot refresh', 'delete from headline_prices where false'],
    ["BrickLink's price guide", 'delete from bricklink_price_guides where false'],
  ])('a write by another connection (%s) drops what was kept', async (_what, sql) => {
    const cache = await startChatReadCache(db.url, log);
    try {
      await until(() => cache.stats().size === 0);
      let loads = 0;
      const load = async () => ++loads;
      await cache.get('k', load);
      expect(await cache.get('k', load)).toBe(1);
      await db.orm.em.getConnection().execute(sql);
      await until(() => cache.stats().size === 0);
      expect(await cache.get('k', load)).toBe(2);
    } finally {
      await cache.stop();
    }
  });

  it('a name search outlives new listings, and not a catalogue change', async () => {
    const cache = await startChatReadCache(db.url, log);
    const names = (value: string) => cache.get('names', async () => value, ['minifigures']);
    try {
      await until(() => cache.stats().size === 0);
      await names('first');
      await cache.get('quote', async () => 'quote');
      await db.orm.em.getConnection().execute('delete from price_listings where false');
      await until(() => cache.stats().size === 1);
      expect(await names('reloaded')).toBe('first');
      await db.orm.em.getConnection().execute('update minifigures set name = name where false');
      await until(() => cache.stats().size === 0);
      expect(await names('second')).toBe('second');
    } finally {
      await cache.stop();
    }
  });

  it('refreshing the stored movers (a materialized view, no trigger) drops what was kept', async () => {
    const cache = await startChatReadCache(db.url, log);
    try {
      await cache.get('movers', async () => 'before');
      await refreshMoversLatest(db.orm.em.fork());
      await until(() => cache.stats().size === 0);
      expect(await cache.get('movers', async () => 'after')).toBe('after');
    } finally {
      await cache.stop();
    }
  });

  it('a read of a table without the trigger is kept through writes elsewhere', async () => {
    const cache = await startChatReadCache(db.url, log);
    try {
      await cache.get('k', async () => 'kept');
      await db.orm.em
        .getConnection()
        .execute("insert into app_state (key, value) values ('x', '{}') on conflict do nothing");
      await new Promise((r) => setTimeout(r, 200));
      expect(await cache.get('k', async () => 'reloaded')).toBe('kept');
    } finally {
      await cache.stop();
    }
  });
});
