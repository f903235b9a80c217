import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueFigure, createMatcher } from '../../src/matching/index.js';
import { createMatcherPool, type MatcherPool } from '../../src/matching/pool.js';
import { catalogueRows } from '../support/catalogue-rows.js';
import { HOLDOUT, LABELLED, readLabelled } from './labelled-titles.js';

describe('the matcher pool (worker threads)', () => {
  let rows: CatalogueFigure[];
  let pool: MatcherPool;
  beforeAll(async () => {
    rows = catalogueRows();
    pool = await createMatcherPool(rows, { workers: 2 });
  });
  afterAll(() => pool?.close());

  it('gives exactly what the in-thread matcher gives, in order, duplicates included', async () => {
    const titles = [...readLabelled(LABELLED), ...readLabelled(HOLDOUT)].map((l) => l.title);
    // Repeats, spread over several pieces, and a title in two batches at once.
    const batch = [...titles, ...titles.slice(0, 40).reverse(), 'LEGO minifigure', ''];
    const inThread = await (await createMatcher(rows)).match(batch);
    const [pooled, again] = await Promise.all([pool.match(batch), pool.match(titles.slice(5, 15))]);
    expect(pool.workers).toBe(2);
    expect(pool.size).toBe(rows.length);
    expect(pooled).toEqual(inThread);
    expect(again).toEqual(inThread.slice(5, 15));
    expect(await pool.match([])).toEqual([]);
  });

  it('passes its options to every worker', async () => {
    const strict = await createMatcherPool(rows, { workers: 1, threshold: 1 });
    try {
      const [result] = await strict.match(['LEGO Star Wars Minifig Boba Fett sw0002']);
      expect(strict.threshold).toBe(1);
      expect(result?.itemNo).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('fails the calls of a worker that crashes, and every later call, instead of hanging', async () => {
    const fragile = await createMatcherPool(rows, { workers: 2, failOn: 'crash here' });
    try {
      const titles = Array.from({ length: 450 }, (_, i) => `LEGO Star Wars figure ${i}`);
      await expect(fragile.match([...titles, 'crash here'])).rejects.toThrow(/matcher worker \d of 2 exited/);
      await expect(fragile.match(['LEGO Star Wars Boba Fett'])).rejects.toThrow(/matcher worker/);
    } finally {
      await fragile.close();
    }
  });

  it('fails to start with the worker error when a worker cannot build its index', async () => {
    await expect(createMatcherPool(rows, { workers: 1, failOn: 'start' })).rejects.toThrow(
      /matcher worker 1 of 1 crashed: test: this worker fails while starting/,
    );
  });

  it('refuses calls once closed', async () => {
    const closed = await createMatcherPool(rows.slice(0, 100), { workers: 1 });
    await closed.close();
    await expect(closed.match(['anything'])).rejects.toThrow(/closed/);
  });
});
