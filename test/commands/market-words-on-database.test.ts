/**
 * On PostgreSQL with catalogue rows that carry BrickLink category paths: liquidity beside the price
 * (stored by the refresh, read by movers min-sales), subthemes as themes (movers 7d City, movers 7d
 * CMF, search police City, Star Wars Episode 4/5/6), Marvel and DC as groups of Super Heroes
 * subthemes and themes, and change and new-low alerts set in EUR that fire with both amounts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import type { AlertFiredPayload } from '../../src/alerts/types.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { money } from '../../src/currency/format-money.js';
import { upsertExchangeRates } from '../../src/db/repositories/exchange-rates.js';
import { renderNotification } from '../../src/replies/notification.js';
import { DAY, insertListings, type ListingSpec, outboxRows, refreshPrices } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const EUR = 0.9;
const ctx = (userId: string): InvocationContext => ({
  platform: 'slack',
  userId,
  workspaceId: 'T1',
  channelId: 'C1',
  isAdmin: false,
});
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const itemsOf = (r: Reply) =>
  r.blocks.flatMap((b) => (b.type === 'table' ? b.rows.map((row) => row[0] as string) : []));

async function insertCatalogued(em: EntityManager, itemNo: string, name: string, path: string[]) {
  const [row] = await em.execute<{ id: string }[]>(
    `insert into minifigures (set_number, name, theme, year_released, metadata)
     values (?, ?, ?, 2010, ?::jsonb) returning id`,
    [itemNo, name, path[0], JSON.stringify({ category_id: 1, category_path: path })],
  );
  return (row as { id: string }).id;
}

/** One used sale a day `from`..`to` days ago, priced by its age. */
function sales(figureId: string, days: number[], price: (age: number) => number): ListingSpec[] {
  return days.map((age) => ({ figureId, price: price(age), at: ago(age) }));
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('liquidity, subthemes and alerts in a currency, on PostgreSQL', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let d: Dispatcher;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    const police = await insertCatalogued(em, 'cty0100', 'Police Officer', ['Town', 'City', 'Police']);
    const fire = await insertCatalogued(em, 'cty0200', 'Fire Fighter', ['Town', 'City', 'Fire']);
    const classic = await insertCatalogued(em, 'twn0001', 'Police Officer, Classic', [
      'Town',
      'Classic Town',
      'Police',
    ]);
    const zombie = await insertCatalogued(em, 'col001', 'Zombie', [
      'Collectible Minifigures',
      'Series 1 Minifigures',
    ]);
    const trooper = await insertCatalogued(em, 'sw0003', 'Stormtrooper', [
      'Star Wars',
      'Star Wars Episode 4/5/6',
    ]);
    const thin = await insertCatalogued(em, 'sw0188', 'Clone Trooper Episode 3', [
      'Star Wars',
      'Star Wars Episode 3',
    ]);
    const falling = await insertCatalogued(em, 'sw0101', 'Stormtrooper, Dotted Mouth', [
      'Star Wars',
      'Star Wars Episode 4/5/6',
    ]);
    const batman = await insertCatalogued(em, 'sh0607', 'Batman - One Piece Cowl and Cape (1989)', [
      'Super Heroes',
      "Tim Burton's Batman",
    ]);
    const joker = await insertCatalogued(em, 'sh0608', 'The Joker - Dark Turquoise Bow Tie', [
      'Super Heroes',
      "Tim Burton's Batman",
    ]);
    const spider = await insertCatalogued(em, 'sh0045', 'Spider-Man in Black Symbiote Costume', [
      'Super Heroes',
      'Spider-Man',
    ]);
    const batgirl = await insertCatalogued(em, 'shg001', 'Batgirl - Mini Doll, Dark Purple Suit', [
      'DC Super Hero Girls',
    ]);
    await insertListings(em, [
      ...sales(batman, range(1, 40), (age) => 90 - age / 2),
      ...sales(joker, range(1, 40), (age) => 30 + age / 4),
      ...sales(spider, range(1, 40), (age) => 70 - age / 2),
      ...sales(batgirl, range(1, 40), (age) => 25 - age / 10),
      // A sale a day for 40 days, rising: 29 sales in the last 30 days, a 7-day gain.
      ...sales(police, range(1, 40), (age) => 100 - age),
      // Three lots for sale yesterday (listed now) and five ten days ago (sold or withdrawn since).
      ...range(1, 3).map((i) => ({ figureId: police, price: 110 + i, at: ago(1), kind: 'asking' as const })),
      ...range(1, 5).map((i) => ({ figureId: police, price: 120 + i, at: ago(10), kind: 'asking' as const })),
      // Seven sales in the last 30 days, rising too.
      ...sales(fire, [2, 6, 10, 14, 18, 22, 26, 30, 34], (age) => 60 - age / 2),
      ...sales(classic, range(1, 40), (age) => 80 - age),
      ...sales(zombie, range(1, 40), (age) => 20 - age / 10),
      ...sales(trooper, range(1, 40), (age) => 40 - age / 5),
      // Two sales in 30 days: a thin market.
      ...sales(thin, [3, 20], () => 46),
      // Every day for 120 days, falling: today's headline is a 90-day low.
      ...sales(falling, range(0, 120), (age) => 30 + age / 10),
    ]);
    const rates = range(0, 130).map((i) => ({
      date: ago(i).toISOString().slice(0, 10),
      currency: 'EUR',
      rate: String(EUR),
    }));
    await upsertExchangeRates(em, rates);
    await refreshPrices(db.orm.em.fork(), NOW);
    d = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
  });
  afterAll(() => db?.drop());

  it('shows sold in 30 days, listed now, sell-through and sales a week beside the price', async () => {
    const price = await d.dispatchText('price cty0100 used', ctx('U1'));
    // 29 sales on the days D-29..D-1; the three lots of yesterday, not the five of ten days ago.
    expect(JSON.stringify(price)).toContain(
      '29 sold in 30 days (6.8 a week) · 3 listed now · sell-through 91%',
    );
    expect(JSON.stringify(price)).not.toContain('Thin market');
    const thin = await d.dispatchText('price sw0188 used', ctx('U1'));
    expect(JSON.stringify(thin)).toContain(
      'Thin market (under 4 sales a month): 2 sold in 30 days (0.5 a week) · 0 listed now · sell-through 100%',
    );
  });

  it('stores the same figures with each headline, for movers min-sales', async () => {
    const [row] = await em.execute<{ sold_30d: number; listed_now: number }[]>(
      `select h.sold_30d, h.listed_now from headline_prices h join minifigures m on m.id = h.minifigure_id
       where m.set_number = 'cty0100' and h.condition = 'used' and h.date = '2026-11-26'`,
    );
    expect(row).toEqual({ sold_30d: 29, listed_now: 3 });
    const all = await d.dispatchText('movers 7d City used', ctx('U1'));
    expect(itemsOf(all)).toEqual(expect.arrayContaining(['cty0100', 'cty0200']));
    const liquid = await d.dispatchText('movers 7d City used min-sales:10', ctx('U1'));
    expect(itemsOf(liquid)).toContain('cty0100');
    expect(itemsOf(liquid)).not.toContain('cty0200');
    expect(liquid.title).toBe('Movers: 7 days, Town / City, used, 10+ sales in 30 days');
    const none = await d.dispatchText('movers 7d City used min-sales:100', ctx('U1'));
    expect(none.summary).toMatch(/no figure sold 100 times in 30 days/);
  });

  it('takes subthemes: movers 7d City, movers 7d CMF, Star Wars Episode 4/5/6, search police City', async () => {
    const city = await d.dispatchText('movers 7d City', ctx('U1'));
    expect(city.tone).not.toBe('error');
    expect(itemsOf(city)).toContain('cty0100');
    expect(itemsOf(city)).not.toContain('twn0001');
    const cmf = await d.dispatchText('movers 7d CMF', ctx('U1'));
    expect(itemsOf(cmf)).toEqual(['col001']);
    const episode = await d.dispatchText('movers 7d "Star Wars Episode 4/5/6"', ctx('U1'));
    expect(episode.title).toContain('Star Wars / Star Wars Episode 4/5/6');
    expect(itemsOf(episode)).toContain('sw0003');
    expect(itemsOf(episode)).not.toContain('sw0188');
    const search = await d.dispatchText('search police City', ctx('U1'));
    expect(search.summary).toMatch(/^1 figure for "police" in Town \/ City/);
    expect(itemsOf(search)).toEqual(['cty0100']);
    const town = await d.dispatchText('search police Town', ctx('U1'));
    expect(itemsOf(town).sort()).toEqual(['cty0100', 'twn0001']);
    const themes = await d.autocomplete({ command: 'movers', option: 'theme', value: 'episode' }, ctx('U1'));
    expect(themes.map((c) => c.value)).toEqual([
      'Star Wars / Star Wars Episode 4/5/6',
      'Star Wars / Star Wars Episode 3',
    ]);
  });

  it('takes Marvel and DC as their Super Heroes subthemes: movers, search and autocomplete', async () => {
    const marvel = await d.dispatchText('movers 7d Marvel', ctx('U1'));
    expect(marvel.title).toBe('Movers: 7 days, Marvel');
    expect(itemsOf(marvel)).toEqual(['sh0045']);
    const dc = await d.dispatchText('movers 7d DC', ctx('U1'));
    // Tim Burton's Batman in Super Heroes, and the whole of DC Super Hero Girls.
    expect(itemsOf(dc).sort()).toEqual(['sh0607', 'sh0608', 'shg001']);
    const heroes = await d.dispatchText('movers 7d "super heroes"', ctx('U1'));
    expect(itemsOf(heroes).sort()).toEqual(['sh0045', 'sh0607', 'sh0608']);
    const search = await d.dispatchText('search batman DC', ctx('U1'));
    expect(search.summary).toMatch(/^1 figure for "batman" in DC/);
    expect(itemsOf(search)).toEqual(['sh0607']);
    expect(itemsOf(await d.dispatchText('search spider-man marvel', ctx('U1')))).toEqual(['sh0045']);
    // A figure found by its number carries its top theme, Super Heroes, which holds Marvel.
    expect(itemsOf(await d.dispatchText('search sh0045 Marvel', ctx('U1')))).toEqual(['sh0045']);
    const themes = await d.autocomplete({ command: 'movers', option: 'theme', value: 'dc' }, ctx('U1'));
    expect(themes[0]).toEqual({ name: 'DC (3 figures)', value: 'DC' });
    expect(await d.autocomplete({ command: 'search', option: 'theme', value: 'marv' }, ctx('U1'))).toEqual([
      { name: 'Marvel (1 figure)', value: 'Marvel' },
    ]);
  });

  it('fires change and new-low alerts set in EUR with both amounts', async () => {
    await d.dispatchText('alert add cty0100 change +5% used period:7d currency:EUR', ctx('U4'));
    await d.dispatchText('alert add sw0101 new-low 90 used currency:EUR', ctx('U4'));
    await evaluateAlerts(db.orm.em.fork(), { now: NOW, minConfidence: 0.6 });
    const fired = (await outboxRows(em))
      .filter((r) => r.kind === 'alert')
      .map((r) => r.payload as unknown as AlertFiredPayload);
    const change = fired.find((p) => p.kind === 'change') as AlertFiredPayload;
    expect(change.currency).toEqual({ code: 'EUR', rate: EUR, date: '2026-11-26' });
    const both = (usd: number) => `${money(usd * EUR, 'EUR')} (${money(usd, 'USD')})`;
    // Headline now: the median of 71..99; a week ago of 64..93 (days 7 to 36).
    expect(renderNotification(change).summary).toBe(
      `cty0100 Police Officer (used) moved +8.3% in 7 days (${both(78.5)} → ${both(85)}), past your 5% rise alert.`,
    );
    const low = fired.find((p) => p.kind === 'new-low') as AlertFiredPayload;
    const lowText = renderNotification(low).summary;
    expect(lowText).toMatch(
      /^sw0101 Stormtrooper, Dotted Mouth \(used\) hit a 90-day low: €\d+\.\d\d \(\$\d+\.\d\d\)/,
    );
    expect(lowText).toContain(`under the previous low of ${both(low.reference)}.`);
    expect(low.price).toBeLessThan(low.reference);
  });
});
