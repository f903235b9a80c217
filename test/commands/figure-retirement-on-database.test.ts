/**
 * A figure's retirement on PostgreSQL: decided by the sets whose fetched inventory holds it (each
 * set's exit date as the brickset job stores it), else by Brickset's answer about its related_sets;
 * and the price card's "Retired" marker through the real dispatcher and services bag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { mergeFigureMetadata } from '../../src/db/repositories/figure-enrichment.js';
import { storeInventory } from '../../src/db/repositories/set-inventories.js';
import { storeSetRetail } from '../../src/db/repositories/set-retail.js';
import type { Deps } from '../../src/deps.js';
import { figureRetirement } from '../../src/sets/figure-retirement.js';
import { enrichFigure } from '../../src/sources/brickset/enrichment.js';
import { setRetail } from '../../src/sources/brickset/set-retail.js';
import type { BricksetSet } from '../../src/sources/brickset/wire.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedFigures, seedSets } from '../support/ingest-fixtures.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const TODAY = '2026-11-26';
const ctx = { platform: 'test' as const };

/** Brickset's getSets answers, as published: 75192 still sold everywhere, 7140 and 10188 retired. */
const BRICKSET: BricksetSet[] = [
  {
    setID: 26725,
    number: '75192',
    numberVariant: 1,
    name: 'Millennium Falcon',
    year: 2017,
    theme: 'Star Wars',
    exitDate: null,
    LEGOCom: {
      US: { retailPrice: 849.99, dateFirstAvailable: '2017-10-01T00:00:00Z' },
      // Gone from LEGO.com UK, still sold in the US: on sale.
      UK: {
        retailPrice: 734.99,
        dateFirstAvailable: '2017-10-01T00:00:00Z',
        dateLastAvailable: '2023-05-01T00:00:00Z',
      },
    },
  },
  {
    setID: 1,
    number: '7140',
    numberVariant: 1,
    name: 'X-wing Fighter',
    year: 1999,
    theme: 'Star Wars',
    LEGOCom: {
      US: { dateFirstAvailable: '1999-01-01T00:00:00Z', dateLastAvailable: '2001-12-31T00:00:00Z' },
    },
  },
  {
    setID: 6147,
    number: '10188',
    numberVariant: 1,
    name: 'Death Star',
    year: 2008,
    theme: 'Star Wars',
    exitDate: '2016-12-31T00:00:00Z',
    LEGOCom: { US: { retailPrice: 399.99 } },
  },
];
const found = new Map(BRICKSET.map((s) => [`${s.number}-${s.numberVariant}`, s]));

describe("a figure's retirement on PostgreSQL", () => {
  let db: TestDatabase;
  let deps: Deps;
  let dispatcher: Dispatcher;
  let ids: Map<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    ids = await seedFigures(em, ['sw0002', 'sw0004', 'sw0001a', 'sw0086', 'sw0002a']);
    await seedSets(em, ['75192-1', '7140-1', '10188-1']);
    const fetched = new Date('2026-11-20T10:00:00Z');
    // sw0002: 7140 (retired) and 75192 (on sale). sw0004: 7140 and 10188, both retired.
    await storeInventory(
      em,
      '7140-1',
      [
        { itemNo: 'sw0002', quantity: 1 },
        { itemNo: 'sw0004', quantity: 1 },
      ],
      fetched,
    );
    await storeInventory(em, '75192-1', [{ itemNo: 'sw0002', quantity: 1 }], fetched);
    await storeInventory(em, '10188-1', [{ itemNo: 'sw0004', quantity: 1 }], fetched);
    await storeSetRetail(em, [...found.keys()], BRICKSET.map(setRetail), NOW);
    // Brickset's answer about the sets each figure's metadata names (the brickset job's enrichment).
    const related: Record<string, string[]> = {
      sw0001a: ['7140'], // no inventory holds it: Brickset decides, retired
      sw0086: ['75192', '7140'], // no inventory holds it: Brickset decides, on sale
      sw0002: ['7140'], // Brickset alone would say retired; its inventories say otherwise
    };
    await mergeFigureMetadata(
      em,
      Object.entries(related).map(([itemNo, sets]) => ({
        id: ids.get(itemNo) as string,
        patch: {
          related_sets: sets,
          ...(enrichFigure(sets, found, NOW) as unknown as Record<string, unknown>),
        },
      })),
    );
    // One sold listing of sw0004, so its card is the full one.
    await em.getConnection().execute(
      `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
         original_price, original_currency, exchange_rate, confidence_score)
       select ?::timestamptz - interval '1 day', ?, s.id, 'retired-test-1', 'sold', 'new', 30, 30, 'USD', 1, 0.9
       from data_sources s where s.name = 'BrickLink'`,
      [NOW, ids.get('sw0004')],
    );
    const factory = createDepsFactory(db.orm, { now: () => NOW });
    deps = factory();
    dispatcher = createDispatcher({ commands, deps: factory });
  }, 120_000);
  afterAll(() => db?.drop());

  const retirement = async (itemNo: string) =>
    figureRetirement(
      await (deps.sets as NonNullable<Deps['sets']>).setsOfFigure(ids.get(itemNo) as string),
      TODAY,
    );
  const subtitle = async (itemNo: string) => {
    const reply = await dispatcher.dispatchText(`price ${itemNo}`, ctx);
    const first = reply.blocks[0];
    return first?.type === 'text' ? first.text : undefined;
  };

  it('two sets, one retired and one on sale (left the UK, still sold in the US): not retired', async () => {
    expect(await retirement('sw0002')).toEqual({ retired: false, since: null, basis: 'inventories' });
    expect(await subtitle('sw0002')).toBe('Star Wars · 2000');
    const reply = await dispatcher.dispatchText('price sw0002', ctx);
    expect(reply.blocks).toContainEqual({ type: 'text', text: 'In sets: 75192, 7140 (retired 2001)' });
  });

  it('two sets, both retired: retired since the later exit, and the card says "Retired 2016"', async () => {
    expect(await retirement('sw0004')).toEqual({ retired: true, since: '2016-12-31', basis: 'inventories' });
    const reply = await dispatcher.dispatchText('price sw0004', ctx);
    expect(reply.summary).toBe('sw0004 Darth Vader (Light Gray Head): new $30.00');
    expect(reply.blocks[0]).toEqual({ type: 'text', text: 'Star Wars · 1999 · Retired 2016' });
    expect(reply.blocks).toContainEqual({
      type: 'text',
      text: 'In sets: 10188 (retired 2016), 7140 (retired 2001)',
    });
  });

  it("no inventory holds it: Brickset's related sets decide; neither known: not retired", async () => {
    expect(await retirement('sw0001a')).toEqual({ retired: true, since: '2001-12-31', basis: 'brickset' });
    expect(await subtitle('sw0001a')).toBe('Star Wars · 1999 · Retired 2001');
    expect(await retirement('sw0086')).toEqual({ retired: false, since: null, basis: 'brickset' });
    expect(await subtitle('sw0086')).toBe('Star Wars · 2006');
    expect(await retirement('sw0002a')).toEqual({ retired: false, since: null, basis: null });
  });
});
