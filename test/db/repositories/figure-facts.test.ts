/**
 * readFigureFacts reads in one statement what five queries give one by one: the listings
 * behind the live headline, the stored headlines of the change days, the sets, the sets Brickset
 * gave for its related_sets (its retirement's fallback) and BrickLink's latest guides. Each part
 * must come out exactly as its own read gives it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBrickLinkGuide } from '../../../src/analytics/bricklink.js';
import { factsWindow } from '../../../src/analytics/headline.js';
import { query } from '../../../src/db/repositories/analytics-sql.js';
import { latestGuides } from '../../../src/db/repositories/bricklink-guides.js';
import { readFigureFacts } from '../../../src/db/repositories/figure-facts.js';
import {
  STORED_HEADLINES_SQL,
  type StoredHeadlineRow,
  storedHeadlineMap,
} from '../../../src/db/repositories/headline-history.js';
import { figureListings } from '../../../src/db/repositories/headline-prices.js';
import { storeInventory } from '../../../src/db/repositories/set-inventories.js';
import { SETS_OF_FIGURE_SQL, type SetRow, toSet } from '../../../src/db/repositories/sets.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { seedFigures, seedSets } from '../../support/ingest-fixtures.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const WINDOW = factsWindow(NOW, 0.6);

describe('figure facts in one statement', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let ids: Map<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    ids = await seedFigures(em, ['sw0002', 'sw0004']);
    await seedSets(em, ['75192-1', '7140-1']);
    const at = new Date('2026-11-20T10:00:00Z');
    await storeInventory(em, '7140-1', [{ itemNo: 'sw0002', quantity: 1 }], at);
    await storeInventory(em, '75192-1', [{ itemNo: 'sw0002', quantity: 2 }], at);
    const sql = (text: string, params: unknown[] = []) => em.getConnection().execute(text, params);
    // What the brickset job stores of the sets a figure's related_sets name (enrichment.ts).
    await sql(`update minifigures set metadata = metadata || ?::jsonb where set_number = 'sw0002'`, [
      JSON.stringify({
        related_sets: ['7140'],
        brickset: { fetched_at: NOW.toISOString(), sets: [{ number: '7140-1', exit_date: '2001-12-31' }] },
      }),
    ]);
    // Listings from two sources, one below the confidence threshold, one superseded.
    await sql(
      `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
         original_price, original_currency, exchange_rate, confidence_score, superseded_at)
       select ?::timestamptz - make_interval(days => g), m.id, s.id, 'facts-' || g, k, c, p, p, 'USD', 1, conf,
              case when g = 5 then now() end
       from (values (1, 'sold', 'new', 10.5, 0.9, 'BrickLink'), (2, 'asking', 'used', 12.25, 0.95, 'eBay'),
                    (3, 'sold', 'used', 14, 0.5, 'eBay'), (4, 'sold', 'new', 11, 0.8, 'eBay'),
                    (5, 'sold', 'new', 99, 0.9, 'BrickLink')) v(g, k, c, p, conf, src)
       join minifigures m on m.set_number = 'sw0002'
       join data_sources s on s.name = v.src`,
      [NOW],
    );
    // Stored headlines 7 and 30 days back, and one on a day the changes do not compare with.
    await sql(`select ensure_headline_partitions(date '2026-10-20', date '2026-11-26')`);
    await sql(
      `insert into headline_prices (minifigure_id, condition, date, price_usd, basis, window_days, listing_count,
         outliers_excluded, low_confidence, listings_1d, listings_7d, listings_30d, sold_30d, listed_now)
       select m.id, v.c, v.d::date, v.p, 'sold-30d', 30, 4, 0, false, 0, 1, 4, 4, 0
       from (values ('new', '2026-11-19', 9.75), ('used', '2026-10-27', 13.5), ('new', '2026-11-10', 8)) v(c, d, p)
       join minifigures m on m.set_number = 'sw0002'`,
    );
    await recordBrickLinkGuide(em, {
      itemNo: 'sw0002',
      condition: 'used',
      guideType: 'sold',
      currency: 'USD',
      fetchedAt: new Date('2026-11-25T10:00:00Z'),
      reported: {
        minPrice: '9.9900',
        maxPrice: '12.5000',
        avgPrice: '11.2450',
        qtyAvgPrice: '10.3063',
        unitQuantity: 2,
        totalQuantity: 3,
      },
      entries: [
        {
          quantity: 2,
          unit_price: '9.9900',
          seller_country_code: 'US',
          buyer_country_code: 'US',
          date_ordered: '2026-11-01T12:00:00.000Z',
        },
        {
          quantity: 1,
          unit_price: '12.5000',
          seller_country_code: 'DE',
          buyer_country_code: 'US',
          date_ordered: '2026-10-15T08:30:00.000Z',
        },
      ],
    });
  }, 120_000);
  afterAll(() => db?.drop());

  it('gives each part as its own read does', async () => {
    const id = ids.get('sw0002') as string;
    const facts = await readFigureFacts(em, id, WINDOW);
    const [listings] = await figureListings(em, {
      fromDay: WINDOW.fromDay,
      toDay: WINDOW.toDay,
      minConfidence: WINDOW.minConfidence,
      figures: [id],
      days: { timescale: false },
      withSources: true,
    });
    expect(facts.listings).toEqual(listings);
    // The superseded and the unconfident listing are out; the rest in time order, with their sources.
    expect(facts.listings?.prices).toEqual([110_000, 122_500, 105_000]);
    expect(facts.listings?.sources).toEqual(['eBay', 'eBay', 'BrickLink']);
    expect(facts.history).toEqual(
      storedHeadlineMap(await query<StoredHeadlineRow[]>(em, STORED_HEADLINES_SQL, [id, WINDOW.historyDays])),
    );
    expect([...facts.history.keys()].sort()).toEqual(['new:2026-11-19', 'used:2026-10-27']);
    expect(facts.sets).toEqual((await query<SetRow[]>(em, SETS_OF_FIGURE_SQL, [id])).map(toSet));
    expect(facts.sets.map((s) => s.setNo)).toEqual(['75192-1', '7140-1']);
    expect(facts.guides).toEqual(await latestGuides(em, { minifigureId: id }));
    expect(facts.guides[0]?.reported.avgPrice).toBe('11.2450');
    expect(facts.related).toEqual([{ setNo: '7140-1', exitDate: '2001-12-31' }]);
  });

  it('a figure with nothing stored: no listings, no history, no sets, no guides', async () => {
    const facts = await readFigureFacts(em, ids.get('sw0004') as string, WINDOW);
    expect(facts).toEqual({ listings: undefined, history: new Map(), sets: [], related: null, guides: [] });
  });
});
