/**
 * The set command and price's "In sets" line through the real dispatcher and services bag on
 * PostgreSQL: real catalogue rows, an inventory as the bricklink job stores it, real headlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { storeInventory } from '../../src/db/repositories/set-inventories.js';
import { storeSetRetail } from '../../src/db/repositories/set-retail.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedFigures, seedSets } from '../support/ingest-fixtures.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const ctx = { platform: 'test' as const };

describe('set and price on PostgreSQL', () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  const sql = (text: string, params: unknown[] = []) => db.orm.em.getConnection().execute(text, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    await seedFigures(em, ['sw0002', 'sw0004', 'sw0001a']);
    await seedSets(em, ['75192-1', '10188-1', '7140-1']);
    await storeInventory(
      em,
      '7140-1',
      [
        { itemNo: 'sw0002', quantity: 1 },
        { itemNo: 'sw0004', quantity: 2 },
        { itemNo: 'sw0001a', quantity: 1 },
      ],
      new Date('2026-11-20T10:00:00Z'),
    );
    await storeInventory(
      em,
      '75192-1',
      [{ itemNo: 'SW0002', quantity: 1 }],
      new Date('2026-11-20T10:00:00Z'),
    );
    await storeSetRetail(
      em,
      ['7140-1'],
      [
        {
          setNo: '7140-1',
          retailUsd: 19.99,
          retailGbp: null,
          retailEur: null,
          launchDate: '1999-01-01',
          exitDate: '2001-12-31',
        },
      ],
      NOW,
    );
    // New sold listings: sw0002 at 10, 12, 14 (median 12), sw0004 at 30 (median 30); sw0001a none.
    await sql(
      `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
         original_price, original_currency, exchange_rate, confidence_score)
       select ?::timestamptz - make_interval(days => g), m.id, s.id, 'set-test-' || m.set_number || g, 'sold', 'new',
              p, p, 'USD', 1, 0.9
       from (values ('sw0002', 1, 10), ('sw0002', 2, 12), ('sw0002', 3, 14), ('sw0004', 1, 30)) v(item, g, p)
       join minifigures m on m.set_number = v.item
       join data_sources s on s.name = 'BrickLink'`,
      [NOW],
    );
    dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
  }, 120_000);
  afterAll(() => db?.drop());

  const send = (text: string) => dispatcher.dispatchText(text, ctx);

  it('set 7140: part-out value 12 + 2 × 30 = $72.00, 3 of 4 figures priced, 3.60× retail, retired', async () => {
    const reply = await send('set 7140');
    expect(reply.summary).toBe(
      '7140-1 X-wing Fighter: part-out value $72.00 (new), 3 of 4 figures priced, ratio to retail 3.60× US retail.',
    );
    const text = reply.blocks.find((b) => b.type === 'text');
    expect(text).toEqual({ type: 'text', text: 'Star Wars · 1999 · Retired 2001-12-31' });
  });

  it('set 10188: not fetched yet, so it is queued for the bricklink-sets run; an unknown set is an error', async () => {
    const reply = await send('set 10188');
    expect(reply.summary).toContain('inventory being fetched, try again in a few minutes');
    const [row] = await sql(`select inventory_requested_at from sets where set_no = '10188-1'`);
    expect(row?.inventory_requested_at).not.toBeNull();
    expect((await send('set 31337')).tone).toBe('error');
  });

  it('set autocomplete by number prefix and by name words', async () => {
    const byNumber = await dispatcher.autocomplete({ command: 'set', option: 'set', value: '7519' }, ctx);
    expect(byNumber).toEqual([
      { name: '75192-1 · Millennium Falcon - UCS {2nd edition} (2017)', value: '75192-1' },
    ]);
    const byName = await dispatcher.autocomplete({ command: 'set', option: 'set', value: 'death st' }, ctx);
    expect(byName.map((c) => c.value)).toEqual(['10188-1']);
  });

  it('price sw0002: "In sets: 75192, 7140 (retired 2001)"', async () => {
    const reply = await send('price sw0002');
    expect(reply.blocks).toContainEqual({ type: 'text', text: 'In sets: 75192, 7140 (retired 2001)' });
  });
});
