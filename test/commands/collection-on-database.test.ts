/**
 * The collection commands through the real dispatcher and services bag on PostgreSQL: watch import
 * of a real-format BrickLink XML, export and import again with nothing changed; watch add-set;
 * watch value with its chart from stored daily headlines.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { consolePlatform } from '../../src/adapters/console/platform.js';
import { discordPlatform } from '../../src/adapters/discord/platform.js';
import { parseCollection } from '../../src/collection/collection-file.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { upsertExchangeRates } from '../../src/db/repositories/exchange-rates.js';
import { storeInventory } from '../../src/db/repositories/set-inventories.js';
import { DAY, insertListings, refreshPrices, sourceId } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedFigures, seedSets } from '../support/ingest-fixtures.js';
import { FIXTURES } from '../support/paths.js';
import { recordingCharts } from '../support/recording-charts.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const WANTED = path.join(FIXTURES, 'collection/bricklink-wanted-list.xml');
const console_ = (userId: string): InvocationContext => ({
  platform: 'console',
  traits: consolePlatform,
  userId,
});

describe('collection commands on PostgreSQL', () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  let dir: string;
  const send = (text: string, ctx: InvocationContext) => dispatcher.dispatchText(text, ctx);
  const texts = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const ids = await seedFigures(em, ['sw0002', 'sw0004', 'sw0001a', 'sw0010']);
    await seedSets(em, ['7140-1', '10188-1']);
    await storeInventory(
      em,
      '7140-1',
      [
        { itemNo: 'sw0002', quantity: 1 },
        { itemNo: 'sw0010', quantity: 2 },
      ],
      NOW,
    );
    // sw0002 used sold at 40 for the last 100 days, then at 50 for the last 10: a value that moves.
    const bl = await sourceId(em);
    expect(bl).toBeGreaterThan(0);
    const listings = [];
    for (let d = 1; d <= 100; d++) {
      for (let k = 0; k < 3; k++) {
        listings.push({
          figureId: ids.get('sw0002') as string,
          price: d <= 10 ? 50 : 40,
          at: new Date(NOW.getTime() - d * DAY + k * 3_600_000),
          condition: 'used' as const,
        });
      }
    }
    await insertListings(em, listings);
    await refreshPrices(em, NOW);
    dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
    dir = await mkdtemp(path.join(tmpdir(), 'collection-'));
  }, 120_000);
  afterAll(() => db?.drop());

  it('imports a BrickLink XML; a second import changes nothing; export then import again changes nothing', async () => {
    const me = console_('U1');
    const first = await send(`watch import ${WANTED}`, me);
    expect(texts(first)).toEqual([
      'Imported bricklink-wanted-list.xml (BrickLink XML): 3 added (lines 3, 14 and 32).',
      'Not in the catalogue, skipped: line 41 sw9999.',
      'Not minifigures, skipped: line 23 3001 (type P).',
    ]);
    const list = await send('watch list', me);
    expect(list.blocks.find((b) => b.type === 'table')).toMatchObject({
      rows: [
        ['sw0001a', expect.any(String), 'used', '3', '$3.25'],
        ['sw0002', expect.any(String), 'used', '2', '$45.00'],
        ['sw0004', expect.any(String), 'new', '1', '–'],
      ],
    });
    const second = await send(`watch import ${WANTED}`, me);
    expect(second.summary).toBe(
      'Nothing changed: all 3 items of bricklink-wanted-list.xml were already on your watchlist as the file has them.',
    );

    for (const format of ['xml', 'csv'] as const) {
      const exported = await send(`watch export ${format}`, me);
      const file = path.join(dir, exported.image?.filename ?? 'none');
      const text = Buffer.from(exported.image?.data ?? []).toString('utf8');
      expect(parseCollection(text).rows.map((r) => [r.itemNo, r.quantity, r.condition, r.paid])).toEqual([
        ['sw0001a', 3, 'used', 3.25],
        ['sw0002', 2, 'used', 45],
        ['sw0004', 1, 'new', null],
      ]);
      await writeFile(file, text);
      const again = await send(`watch import ${file}`, me);
      expect(again.summary).toMatch(/^Nothing changed: all 3 items/);
      // Into an empty watchlist, the export brings back the same list.
      const fresh = console_(`U-${format}`);
      expect((await send(`watch import ${file}`, fresh)).summary).toMatch(/3 added/);
      expect((await send('watch list', fresh)).blocks).toEqual(list.blocks);
    }
  });

  it('a malformed file imports nothing; a path only works in the terminal chat', async () => {
    const me = console_('U2');
    const bad = path.join(dir, 'bad.xml');
    await writeFile(bad, '<INVENTORY>\n<ITEM><ITEMTYPE>M</ITEMTYPE><ITEMID>sw0002</ITEMID>\n</INVENTORY>\n');
    const reply = await send(`watch import ${bad}`, me);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toMatch(/^bad\.xml, line \d: not well-formed XML .*Nothing was imported\.$/);
    expect((await send('watch list', me)).summary).toMatch(/empty/);
    const discord = await send(`watch import ${WANTED}`, {
      platform: 'discord',
      traits: discordPlatform,
      userId: 'U2',
      workspaceId: 'G',
    });
    expect(discord.summary).toMatch(/^Attach the file: on Discord with the file option/);
  });

  it('watch add-set adds each figure of a set with its quantity, and leaves watched ones alone', async () => {
    const me = console_('U3');
    await send('watch add sw0002 new quantity:5', me);
    const reply = await send('watch add-set 7140', me);
    expect(reply.summary).toBe(
      '7140-1 X-wing Fighter: 2 figures (new): 1 added, 1 already watched (left as they are).',
    );
    const rows = (await send('watch list', me)).blocks.find((b) => b.type === 'table');
    expect(rows).toMatchObject({
      rows: [
        ['sw0002', expect.any(String), 'new', '5', '–'],
        ['sw0010', expect.any(String), 'new', '2', '–'],
      ],
    });
  });

  it('watch add-set of a set whose figures are not known says whether anything will fetch them', async () => {
    const me = console_('U5');
    const fetched = await send('watch add-set 10188', me);
    expect(fetched.summary).toBe(
      '10188-1 Death Star - UCS: inventory being fetched, try again in a few minutes.',
    );
    const withoutBrickLink = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, { now: () => NOW, fetchesSetInventories: false }),
    });
    const unfetched = await withoutBrickLink.dispatchText('watch add-set 10188', me);
    expect(unfetched.summary).toBe(
      '10188-1 Death Star - UCS: figures not known yet, BrickLink is not set up here.',
    );
    expect(unfetched.ephemeral).toBe(true);
  });

  it('watch value charts the value per day from the stored headlines, with what was paid', async () => {
    const me = console_('U4');
    await send('watch add sw0002 used quantity:2 paid:30', me);
    const reply = await send('watch value 30', me);
    expect(reply.summary).toMatch(/^Watchlist value \$\d+\.\d\d at headline prices/);
    expect(reply.image?.filename).toBe('watchlist-30d.png');
    expect(
      Buffer.from(reply.image?.data ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(reply.image?.alt).toBe('Watchlist value per day over the last 30 days, with the amount paid');

    // What was charted: every day's stored headline (the 30-day median: 40, as the 50s are the
    // fewer) × 2, and the 2 × 30 paid.
    const { charts, portfolios: charted } = recordingCharts();
    const recording = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, { now: () => NOW, charts }),
    });
    await recording.dispatchText('watch value 30', me);
    const [input] = charted;
    expect(input?.paid).toBe(60);
    expect(input?.currency).toBe('USD');
    expect(input?.points).toHaveLength(30);
    expect(input?.points[0]).toEqual({ date: '2026-10-28', value: 80, priced: 1 });
    expect(input?.points.at(-1)).toEqual({ date: '2026-11-26', value: 80, priced: 1 });

    // In euros: each day's value at that day's rate (the last published on or before it), the
    // amount paid at the latest rate, and the reply's amounts in euros too.
    await upsertExchangeRates(db.orm.em.fork(), [
      { date: '2026-10-27', currency: 'EUR', rate: '0.9000' },
      { date: '2026-11-20', currency: 'EUR', rate: '0.8500' },
    ]);
    const euros = await recording.dispatchText('watch value 30 EUR', me);
    expect(euros.summary).toContain('€');
    const inEuros = charted.at(-1);
    expect(inEuros?.currency).toBe('EUR');
    expect(inEuros?.paid).toBeCloseTo(60 * 0.85, 9);
    expect(inEuros?.points[0]?.value).toBeCloseTo(80 * 0.9, 9);
    expect(inEuros?.points.find((p) => p.date === '2026-11-20')?.value).toBeCloseTo(80 * 0.85, 9);
    expect(inEuros?.points.find((p) => p.date === '2026-11-19')?.value).toBeCloseTo(80 * 0.9, 9);
  });
});
