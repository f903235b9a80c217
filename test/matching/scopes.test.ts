import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogueIndex } from '../../src/matching/catalogue-index.js';
import { CollectibleSeries } from '../../src/matching/collectible-series.js';
import { type CatalogueFigure, createMatcher, type Matcher } from '../../src/matching/index.js';
import { catalogueInventory, inventoryFromMap } from '../../src/matching/set-inventory.js';
import { type CatalogueSet, shippedSets } from '../../src/matching/set-numbers.js';
import { catalogueRows } from '../support/catalogue-rows.js';

describe('collectible series and set inventories as scopes', () => {
  let rows: CatalogueFigure[];
  let sets: CatalogueSet[];
  let index: CatalogueIndex;
  let matcher: Matcher;
  beforeAll(async () => {
    rows = catalogueRows();
    sets = await shippedSets();
    index = new CatalogueIndex(rows);
    matcher = await createMatcher(rows, { sets });
  });
  const itemNos = (positions: readonly number[]) => positions.map((i) => index.figures[i]?.itemNo).sort();

  it('knows the packet numbers of the series and the forms of "Series N"', () => {
    const series = new CollectibleSeries(index, sets);
    const s18 = series.scopeOf(['lego', '71021', 'unicorn']);
    expect(s18?.kind).toBe('series');
    expect(itemNos(s18?.figures ?? [])).toContain('col328');
    expect(s18?.figures.length).toBe(17);
    expect(series.isPacket('71021')).toBe(true);
    expect(series.isPacket('8684')).toBe(true);
    expect(series.isPacket('75192')).toBe(false);
    for (const words of [
      ['series', '9'],
      ['serie', '9'],
      ['seria', '9'],
      ['s9'],
      ['reeks', '9'],
      ['cmf9'],
      ['series9'],
    ]) {
      expect(itemNos(series.scopeOf(words)?.figures ?? []), words.join(' ')).toContain('col140');
    }
    // "Series 2" is every line's second series: the main one, Disney's, Harry Potter's...
    const two = itemNos(series.scopeOf(['series', '2'])?.figures ?? []);
    expect(two).toEqual(expect.arrayContaining(['col021', 'dis029', 'colhp27']));
    expect(series.scopeOf(['collectible', 'minifigures'])?.kind).toBe('collectibles');
    expect(series.scopeOf(['series', '99'])).toBeUndefined();
  });

  it('narrows a role that many figures share to the series the title names, and never reads the packet as a set', () => {
    expect(matcher.matchOne('LEGO Minifigures 71021 Series 18 Unicorn Guy').itemNo).toBe('col328');
    expect(matcher.matchOne('LEGO 71021 Unicorn Guy').itemNo).toBe('col328');
    expect(matcher.matchOne('LEGO Series 4 Viking').itemNo).toBe('col054');
    expect(matcher.matchOne('LEGO S20 Viking').itemNo).toBe('col365');
    expect(matcher.matchOne('LEGO serie 12 lifeguard').itemNo).toBe('col185');
    expect(matcher.matchOne('LEGO Minifiguren Serie 11 Lebkuchenmann').itemNo).toBe('col168');
    // A series without a figure, or the whole series, is no figure.
    expect(matcher.matchOne('LEGO Minifigures Series 9')).toMatchObject({
      itemNo: null,
      reason: 'ambiguous',
    });
    expect(matcher.matchOne('LEGO 71000 Series 9 complete series').itemNo).toBeNull();
    expect(matcher.matchOne('LEGO 71021 box of 60').itemNo).toBeNull();
  });

  it("guesses a set's figures from its theme and year when no inventory knows it", () => {
    const inventory = catalogueInventory(index, sets);
    const ssd = inventory.figuresIn('10221') ?? [];
    expect(ssd).toContain('sw0350'); // Dengar, 2011
    expect(ssd).not.toContain('sw0149'); // Dengar, 2006
    expect(inventory.figuresIn('99999999')).toBeUndefined();
    expect(matcher.matchOne('LEGO Star Wars Dengar from 10221 Super Star Destroyer').itemNo).toBe('sw0350');
    expect(matcher.matchOne('LEGO Star Wars Dengar minifigure')).toMatchObject({
      itemNo: null,
      reason: 'ambiguous',
    });
  });

  it('resolves the name inside a given inventory, and falls back when the set does not hold the name', async () => {
    // An inventory that says 10221 holds the 2006 Dengar (it does not; it shows the inventory is used).
    const given = new Map([['10221', ['sw0149', 'sw0351']]]);
    const withInventory = await createMatcher(rows, { sets, setInventory: given });
    expect(withInventory.matchOne('LEGO Dengar aus Set 10221').itemNo).toBe('sw0149');
    expect(withInventory.matchOne('LEGO IG-88 from 10221').itemNo).toBe('sw0351');
    // Zuckuss is not in that inventory: the set is dropped as evidence, the name still decides.
    expect(withInventory.matchOne('LEGO Zuckuss from 10221').itemNo).toBe('sw1020');
    const asInterface = await createMatcher(rows, { sets, setInventory: inventoryFromMap(given) });
    expect(asInterface.matchOne('LEGO Dengar aus Set 10221').itemNo).toBe('sw0149');
  });

  it('says an item number is unknown instead of offering an unrelated figure, and lists candidates by score', () => {
    for (const title of ['lego sw1999 figure', 'LEGO col999 minifigure', 'LEGO Harry Potter hp999 Harry']) {
      expect(matcher.matchOne(title), title).toMatchObject({ itemNo: null, reason: 'unknown-item-number' });
    }
    // "mk42" is not an item number of a catalogue series; "sw0001" is, without its variant letter.
    expect(matcher.matchOne('LEGO Iron Man mk42').reason).not.toBe('unknown-item-number');
    expect(matcher.matchOne('LEGO Star Wars Battle Droid sw0001').reason).toBe('ambiguous');
    for (const title of [
      'LEGO Star Wars Kit Fisto sw0163 with lightsaber',
      'LEGO Boba Fett sw0002 Kopf nur',
      'LEGO Star Wars Darth Vader minifigure',
      'LEGO Star Wars Chewbacca crossed bandoliers',
    ]) {
      const r = matcher.matchOne(title);
      const scores = r.candidates.map((c) => c.score);
      expect(scores, title).toEqual([...scores].sort((a, b) => b - a));
      if (r.itemNo) expect(r.candidates[0]?.itemNo).toBe(r.itemNo);
    }
  });

  it('lets part-only words and baseplates win over an item number', () => {
    for (const title of [
      'LEGO Star Wars Boba Fett sw0002 head only',
      'LEGO Darth Vader sw0004 nur Helm',
      'LEGO solo cabeza Yoda sw0051',
      'LEGO Stormtrooper blaster only sw0036',
    ]) {
      expect(matcher.matchOne(title), title).toMatchObject({ itemNo: null, reason: 'part' });
    }
    for (const title of [
      'LEGO plaque de base grise 48x48',
      'LEGO Grundplatte grün 32x32',
      'LEGO placa base azul',
    ]) {
      expect(matcher.matchOne(title), title).toMatchObject({ itemNo: null, reason: 'not-a-figure' });
    }
    expect(matcher.matchOne('LEGO Star Wars Han Solo (Hoth) hat').reason).not.toBe('part');
  });
});
