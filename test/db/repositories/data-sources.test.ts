import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findSourceByName,
  quotaUsage,
  recordApiCalls,
  recordScrape,
} from '../../../src/db/repositories/data-sources.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

describe('data source run and quota bookkeeping', () => {
  let db: TestDatabase;
  let em: EntityManager;
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
  });
  afterAll(() => db?.drop());

  it('finds the seeded sources by name', async () => {
    expect(await findSourceByName(em, 'BrickLink')).toMatchObject({
      name: 'BrickLink',
      rateLimitPerDay: 5000,
    });
    expect(await findSourceByName(em, 'bricklink')).toBeNull();
  });

  it('counts API calls per source per UTC day, adding up concurrent increments', async () => {
    const bl = (await findSourceByName(em, 'BrickLink'))?.id as number;
    const ebay = (await findSourceByName(em, 'eBay'))?.id as number;
    const day1 = new Date('2026-11-26T23:30:00Z');
    const day2 = new Date('2026-11-27T00:10:00Z');
    await Promise.all(Array.from({ length: 10 }, () => recordApiCalls(em, bl, 4, day1)));
    expect(await recordApiCalls(em, bl, 1, day1)).toBe(41);
    expect(await recordApiCalls(em, bl, 3, day2)).toBe(3);
    await recordApiCalls(em, ebay, 7, day1);

    const usage = await quotaUsage(em, day1);
    expect(usage.map((u) => [u.name, u.callsToday, u.rateLimitPerDay])).toEqual([
      ['BrickLink', 41, 5000],
      ['eBay', 7, 5000],
      ['LEGO', 0, null],
      ['Brickset', 0, 100],
    ]);
    expect((await quotaUsage(em, day2)).find((u) => u.name === 'BrickLink')?.callsToday).toBe(3);
  });

  it('stamps the last run of a source', async () => {
    const lego = (await findSourceByName(em, 'LEGO'))?.id as number;
    const at = new Date('2026-11-26T10:00:00Z');
    await recordScrape(em, lego, { at, success: false });
    const row = (await quotaUsage(em, at)).find((u) => u.name === 'LEGO');
    expect(row).toMatchObject({ lastScrapedAt: at, lastScrapeSuccess: false });
  });
});
