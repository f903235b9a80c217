/**
 * Prices paid in the currency they were paid in, on PostgreSQL through the real dispatcher and
 * services bag: `watch add paid:50` by a EUR user is €50 (not $50), `paid:50 GBP` is £50, `watch
 * value` in EUR shows Paid €50.00 exactly, a price in another currency is converted at the rate of
 * the day it was given, and `watch import` / `watch export` round-trip prices with their currencies.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { consolePlatform } from '../../src/adapters/console/platform.js';
import { slackPlatform } from '../../src/adapters/slack/platform.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { upsertExchangeRates } from '../../src/db/repositories/exchange-rates.js';
import { DAY, insertFigure, insertListings, refreshPrices } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { flatRateRows } from '../support/fake-rates.js';
import { recordingCharts } from '../support/recording-charts.js';
import { usersOn } from './harness.js';

const NOW = new Date('2026-11-26T12:00:00Z');
/** Units per USD every day; EUR on 2026-11-20 differs, to see a price converted at its own day's rate. */
const RATES = { EUR: 0.9, GBP: 0.8 } as const;
const slack = usersOn(slackPlatform, 'T1');
const terminal = (userId: string): InvocationContext => ({
  platform: 'console',
  traits: consolePlatform,
  userId,
});

const fieldsOf = (r: Reply) => {
  const fields = r.blocks.find((b) => b.type === 'fields');
  return fields?.type === 'fields' ? fields.fields.map((f) => f.value) : [];
};
const tableOf = (r: Reply) => {
  const table = r.blocks.find((b) => b.type === 'table');
  return table?.type === 'table' ? table.rows : [];
};
/** "€1,215.08" → 121508 cents; "−€8.60 (−17.2%)" → 860. */
const cents = (text: string) => Math.round(Number((text.split(' ')[0] ?? '').replace(/[^\d.]/g, '')) * 100);

describe('prices paid in a currency on PostgreSQL', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let d: Dispatcher;
  let dir: string;
  const { charts, portfolios: charted } = recordingCharts();
  const send = (text: string, ctx: InvocationContext) => d.dispatchText(text, ctx);

  const stored = (userId: string) =>
    em.execute<
      {
        item_no: string;
        condition: string;
        price_paid: string;
        paid_currency: string;
        usd: string;
        paid_on: string;
      }[]
    >(
      `select m.set_number as item_no, w.condition, w.price_paid::text as price_paid, w.paid_currency,
              w.price_paid_usd::text as usd, w.paid_on::text as paid_on
       from watchlist_items w join chat_users u on u.id = w.user_id join minifigures m on m.id = w.minifigure_id
       where u.user_id = ? order by m.set_number, w.condition`,
      [userId],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    const trooper = await insertFigure(em, 'sw0188', { name: 'Clone Trooper Episode 3' });
    const officer = await insertFigure(em, 'cty0100', { name: 'Police Officer', theme: 'Town' });
    // Used headline $46 (the median of 40..52); new $30; the officer used $20.
    await insertListings(em, [
      ...[40, 42, 44, 46, 48, 50, 52].map((price, i) => ({
        figureId: trooper,
        price,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
      ...[28, 30, 32].map((price, i) => ({
        figureId: trooper,
        price,
        condition: 'new' as const,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
      ...[18, 20, 22].map((price, i) => ({
        figureId: officer,
        price,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
    ]);
    await upsertExchangeRates(em, flatRateRows(NOW, RATES, 60, { 'EUR 2026-11-20': 0.95 }));
    await refreshPrices(db.orm.em.fork(), NOW);
    d = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, {
        now: () => NOW,
        charts,
      }),
    });
    dir = await mkdtemp(path.join(tmpdir(), 'watch-paid-'));
  }, 120_000);
  afterAll(() => db?.drop());

  it('reads paid:50 in the user’s currency, then the channel’s, then USD, and echoes it as typed', async () => {
    await send('settings currency EUR', slack('U1'));
    const added = await send('watch add sw0188 used paid:50', slack('U1'));
    expect(added.summary).toBe('Watching sw0188 Clone Trooper Episode 3 (used), paid €50.00 each.');
    // Kept as given, with its USD amount at the day's rate (50 / 0.9).
    expect(await stored('U1')).toEqual([
      {
        item_no: 'sw0188',
        condition: 'used',
        price_paid: '50.0000',
        paid_currency: 'EUR',
        usd: '55.5556',
        paid_on: '2026-11-26',
      },
    ]);

    // No setting of their own: the channel's default; in another channel, USD.
    await send('settings channel currency GBP', slack('U2', { isAdmin: true }));
    expect((await send('watch add sw0188 used paid:50', slack('U3'))).summary).toMatch(
      /paid £50\.00 each\.$/,
    );
    expect((await send('watch add sw0188 used paid:50', slack('U4', { channelId: 'C2' }))).summary).toMatch(
      /paid \$50\.00 each\.$/,
    );
  });

  it('takes the currency given with the amount or as the currency option, over the user’s', async () => {
    await send('settings currency EUR', slack('U5'));
    expect((await send('watch add sw0188 used paid:50 GBP', slack('U5'))).summary).toMatch(
      /^Watching .*, paid £50\.00 each\.$/,
    );
    expect((await send('watch add sw0188 new quantity:2 £12.50', slack('U5'))).summary).toMatch(
      /^Watching .*\(new\), quantity 2, paid £12\.50 each\.$/,
    );
    expect((await send('watch add cty0100 paid:"1500 JPY"', slack('U5'))).tone).toBe('error');
    expect((await send('watch add cty0100 paid:20 currency:USD', slack('U5'))).summary).toMatch(
      /paid \$20\.00 each\.$/,
    );
    expect(
      (await stored('U5')).map((r) => [r.item_no, r.condition, r.price_paid, r.paid_currency, r.usd]),
    ).toEqual([
      ['cty0100', 'used', '20.0000', 'USD', '20.0000'],
      ['sw0188', 'new', '12.5000', 'GBP', '15.6250'],
      ['sw0188', 'used', '50.0000', 'GBP', '62.5000'],
    ]);
    const list = await send('watch list', slack('U5'));
    expect(tableOf(list).map((r) => r.at(-1))).toEqual(['$20.00', '£12.50', '£50.00']);

    const conflict = await send('watch add sw0188 used paid:€50 currency:GBP', slack('U5'));
    expect(conflict.summary).toBe('paid is in EUR but currency says GBP: give one currency.');
    const alone = await send('watch add sw0188 used 2 GBP', slack('U5'));
    expect(alone.summary).toBe('currency is the currency of paid: give the price too, e.g. paid:50 EUR.');
    expect((await send('watch add sw0188 used paid:fifty', slack('U5'))).summary).toMatch(
      /^paid must be an amount such as 12\.50, €50 or 50 EUR/,
    );
    // Nothing above changed what is stored.
    expect(await stored('U5')).toHaveLength(3);
  });

  it('watch value in EUR shows a price paid in euros exactly, others at the rate of the day they were given', async () => {
    await send('settings currency EUR', slack('U6'));
    await send('watch add sw0188 used paid:50', slack('U6'));
    const value = await send('watch value', slack('U6'));
    // $46 at 0.9 is €41.40; paid €50.00 as given, not 50 → $55.5556 → €50.0000x.
    expect(fieldsOf(value)).toEqual(['€41.40', '€50.00', '−€8.60 (−17.2%)']);
    expect(tableOf(value)).toEqual([['sw0188', 'used', '1', '€41.40', '€41.40', '€50.00', '−17.2%']]);
    // In USD: its USD amount at the day's rate.
    expect(fieldsOf(await send('watch value USD', slack('U6')))[1]).toBe('$55.56');
    // Today's EUR rate revised after the price was given (0.92, not the 0.9 its USD amount was
    // worked out at): the price paid in euros is still €50.00 (through its USD amount, €51.11).
    await upsertExchangeRates(em, [{ date: '2026-11-26', currency: 'EUR', rate: '0.92' }]);
    const revised = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
    expect(fieldsOf(await revised.dispatchText('watch value', slack('U6')))).toEqual([
      '€42.32',
      '€50.00',
      '−€7.68 (−15.4%)',
    ]);
    await upsertExchangeRates(em, [{ date: '2026-11-26', currency: 'EUR', rate: '0.9' }]);

    // £50 given on 2026-11-20 (GBP 0.8: $62.50) is €59.38 at that day's EUR rate (0.95), not €56.25
    // at today's; the chart's amount paid is the reply's.
    const then = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, { now: () => new Date('2026-11-20T12:00:00Z') }),
    });
    await then.dispatchText('watch add sw0188 new quantity:2 paid:50 GBP', slack('U6'));
    const both = await send('watch value 30', slack('U6'));
    const [v, paid, gain] = fieldsOf(both);
    expect(paid).toBe('€168.76');
    expect(tableOf(both).map((r) => r[5])).toEqual(['€118.76', '€50.00']);
    // To the cent: Value − Paid is the Gain shown.
    expect(cents(v as string) - cents(paid as string)).toBe(-cents(gain as string));
    expect(gain?.startsWith('−')).toBe(true);
    expect(both.footer).toContain("EUR, converted from USD at each day's ECB rate (2026-11-20 to 2026-11-26");
    expect(charted.at(-1)?.paid).toBeCloseTo(168.76, 9);
    expect(charted.at(-1)?.currency).toBe('EUR');
  });

  it('imports prices in the user’s currency unless the file names one; export then import changes nothing', async () => {
    const me = terminal('U7');
    await send('settings currency EUR', me);
    const csv = path.join(dir, 'collection.csv');
    await writeFile(
      csv,
      'item_no,quantity,condition,paid,currency\nsw0188,2,used,45\nsw0188,1,new,30,GBP\ncty0100,1,used,\n',
    );
    expect((await send(`watch import ${csv}`, me)).summary).toMatch(/3 added/);
    expect(tableOf(await send('watch list', me)).map((r) => r.at(-1))).toEqual(['–', '£30.00', '€45.00']);
    const before = await stored('U7');
    expect(before.map((r) => [r.item_no, r.condition, r.price_paid, r.paid_currency])).toEqual([
      ['cty0100', 'used', null, 'USD'],
      ['sw0188', 'new', '30.0000', 'GBP'],
      ['sw0188', 'used', '45.0000', 'EUR'],
    ]);

    const exported = async (format: 'csv' | 'xml') => {
      const reply = await send(`watch export ${format}`, me);
      const file = path.join(dir, `U7-${reply.image?.filename}`);
      const text = Buffer.from(reply.image?.data ?? []).toString('utf8');
      await writeFile(file, text);
      return { reply, file, text };
    };
    const asCsv = await exported('csv');
    expect(asCsv.text).toBe(
      'item_no,quantity,condition,paid,currency\ncty0100,1,used,,\nsw0188,1,new,30.00,GBP\nsw0188,2,used,45.00,EUR\n',
    );
    // BrickLink's XML has no currency: every price in the user's, £30 at its day's rate (30 / 0.8 × 0.9).
    const asXml = await exported('xml');
    expect(asXml.reply.summary).toContain('prices paid in EUR');
    expect(asXml.text).toContain('<MAXPRICE>33.75</MAXPRICE>');
    expect(asXml.text).toContain('<MAXPRICE>45.00</MAXPRICE>');
    for (const file of [asCsv.file, asXml.file, asCsv.file]) {
      expect((await send(`watch import ${file}`, me)).summary).toMatch(/^Nothing changed: all 3 items/);
      expect(await stored('U7')).toEqual(before);
    }

    // Into an empty watchlist of a USD user: the CSV keeps each price's currency; the XML is in theirs.
    const other = terminal('U8');
    expect((await send(`watch import ${asCsv.file}`, other)).summary).toMatch(/3 added/);
    expect((await stored('U8')).map((r) => [r.price_paid, r.paid_currency])).toEqual(
      before.map((r) => [r.price_paid, r.paid_currency]),
    );
    const third = terminal('U9');
    await send(`watch import ${asXml.file}`, third);
    expect(tableOf(await send('watch list', third)).map((r) => r.at(-1))).toEqual(['–', '$33.75', '$45.00']);
  });
});
