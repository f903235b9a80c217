/**
 * Every command through the real dispatcher and the real services bag, on PostgreSQL with the full
 * catalogue and listings inserted here; and the bad-input list against real SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { recordBrickLinkGuide } from '../../src/analytics/bricklink.js';
import { refreshSnapshots } from '../../src/analytics/refresh.js';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE } from '../support/paths.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const ctx = { platform: 'test' as const };

describe('commands on PostgreSQL', () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  let figureCount: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    figureCount = (await importCatalogFile(em, CATALOG_FILE)).total;
    // sw0002 used: sold at 10, 12, 14, 16, 18 over the last 20 days (BrickLink, eBay alternately).
    await em.getConnection().execute(
      `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
         original_price, original_currency, exchange_rate, confidence_score)
       select ?::timestamptz - make_interval(days => g * 4), m.id, s.id, 'db-test-' || g, 'sold', 'used',
              8 + g * 2, 8 + g * 2, 'USD', 1, 0.9
       from generate_series(1, 5) g
       join minifigures m on m.set_number = 'sw0002'
       join data_sources s on s.name = case when g % 2 = 0 then 'eBay' else 'BrickLink' end`,
      [NOW],
    );
    // As the service does before it first answers: the stored figures history and movers read.
    await refreshSnapshots(db.orm.em.fork(), { minConfidence: 0.6, now: NOW, full: true });
    dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
  }, 120_000);
  afterAll(() => db?.drop());

  const send = (text: string) => dispatcher.dispatchText(text, ctx);
  const text = (reply: Reply) => JSON.stringify(reply);

  it('price: the median of the five sold listings, per source', async () => {
    const reply = await send('price SW002 used');
    expect(reply.summary).toBe('sw0002 Boba Fett - Classic Grays: used $14.00');
    const table = reply.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows).toEqual([
      ['BrickLink', 'used', '$14.00', '3'],
      ['eBay', 'used', '$14.00', '2'],
    ]);
  });

  it("price: BrickLink's own sold average beside ours, once the BrickLink job has stored its guide", async () => {
    expect(text(await send('price sw0002 used'))).not.toContain('BrickLink 6-month');
    await recordBrickLinkGuide(db.orm.em.fork(), {
      itemNo: 'sw0002',
      condition: 'used',
      guideType: 'sold',
      currency: 'USD',
      fetchedAt: NOW,
      reported: {
        minPrice: '10.0000',
        maxPrice: '14.0000',
        avgPrice: '12.0000',
        qtyAvgPrice: '12.0000',
        unitQuantity: 2,
        totalQuantity: 2,
      },
      entries: [10, 14].map((price, i) => ({
        quantity: 1,
        unit_price: price.toFixed(4),
        seller_country_code: 'US',
        buyer_country_code: 'US',
        date_ordered: new Date(NOW.getTime() - (i + 1) * 86_400_000).toISOString(),
      })),
    });
    // The reply read before the guide was stored is not kept past its write (a trigger notifies).
    await expect
      .poll(async () => text(await send('price sw0002 used')))
      .toContain('BrickLink 6-month sold avg $12.00');
  });

  it('history: a chart with one point per day that had listings', async () => {
    const reply = await send('history sw0002 30');
    expect(reply.image?.data.length).toBeGreaterThan(1000);
    expect(reply.summary).toContain('median $18.00 on 2026-11-06 → $10.00 on 2026-11-22 (−44.4%)');
    expect(reply.summary).toContain('5 listings on 5 days');
  });

  it('search, movers, sources and help answer without error', async () => {
    const search = await send('search "boba fett" theme:"star wars" 2000');
    expect(search.blocks.find((b) => b.type === 'table')).toMatchObject({
      // The refresh above stored the used headline; new has none.
      rows: [['sw0002', 'Boba Fett - Classic Grays', '2000', 'Star Wars', '–', '$14.00']],
    });
    for (const line of ['movers', 'movers 1d theme:town new', 'sources', 'help', 'help movers']) {
      const reply = await send(line);
      expect(reply.tone, `${line}: ${reply.summary}`).not.toBe('error');
    }
  });

  it('bad input never reaches SQL as anything but data, and never crashes', async () => {
    const lines = [
      'price',
      'price sw9999',
      `price ${'a'.repeat(6000)}`,
      `search ${'b'.repeat(6000)}`,
      'price 🦖🦖🦖',
      'search 🦖',
      "price sw0002'; drop table minifigures; --",
      "search ' or 1=1 --",
      'search %%%_\\\\',
      'search $$ $1 ?::text',
      'price "\u0000\u0001"',
      'search \uD800 lone surrogate',
      'history sw0002 -5',
      'history sw0002 99999999999999999999',
      'movers period:0d',
      'movers theme:"\'; drop table data_sources; --"',
    ];
    for (const line of lines) {
      const reply = await send(line);
      expect(text(reply), line).not.toMatch(/Something went wrong|\n\s+at |syntax error|invalid byte/);
    }
    const [row] = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ figs: string; sources: string }[]>(
        'select (select count(*) from minifigures) as figs, (select count(*) from data_sources) as sources',
      );
    expect(Number(row?.figs)).toBe(figureCount);
    expect(Number(row?.sources)).toBe(4);
  });

  it('autocomplete answers from the catalogue', async () => {
    const choices = await dispatcher.autocomplete({ command: 'price', option: 'figure', value: 'SW00' }, ctx);
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.value.toLowerCase().startsWith('sw00'))).toBe(true);
    const themes = await dispatcher.autocomplete({ command: 'search', option: 'theme', value: 'star' }, ctx);
    expect(themes[0]?.value).toBe('Star Wars');
  });
});
