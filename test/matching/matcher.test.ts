import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueFigure,
  createMatcher,
  type Matcher,
  parseBrickLinkSetNumbers,
} from '../../src/matching/index.js';
import { catalogueRows } from '../support/catalogue-rows.js';
import { SETS_FILE } from '../support/paths.js';

describe('the title matcher', () => {
  let rows: CatalogueFigure[];
  let names: Map<string, string>;
  let matcher: Matcher;
  beforeAll(async () => {
    rows = catalogueRows();
    names = new Map(rows.map((r) => [r.itemNo, r.name]));
    matcher = await createMatcher(rows);
  });

  it('answers a batch in order, once per title, and an empty batch with nothing', async () => {
    const titles = ['LEGO Star Wars Max Rebo', 'Darth Vader keychain', 'LEGO Star Wars Max Rebo', 'sw0002'];
    const results = await matcher.match(titles);
    expect(results.map((r) => r.title)).toEqual(titles);
    expect(results[2]).toEqual(results[0]);
    expect(results.map((r) => r.itemNo)).toEqual(['sw0486', null, 'sw0486', 'sw0002']);
    expect(await matcher.match([])).toEqual([]);
  });

  it('trusts an item number in the title over the words around it, and refuses two different ones', () => {
    const r = matcher.matchOne('LEGO Star Wars Minifig Boba Fett sw0002 Cloud City 2003 RARE');
    expect(r).toMatchObject({ itemNo: 'sw0002', reason: null });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.candidates[0]?.itemNo).toBe('sw0002');
    expect(matcher.matchOne('LEGO Star Wars sw0002 and sw0004')).toMatchObject({
      itemNo: null,
      reason: 'several',
    });
    // One figure written twice, old and new, is still one figure.
    expect(matcher.matchOne('Gamorrean Guard sw075 (sw0075)').itemNo).toBe('sw0075');
  });

  it('does not pick one of many variants for a bare character name', () => {
    const vaders = rows.filter((r) => /Darth Vader/.test(r.name)).length;
    expect(vaders).toBeGreaterThan(30);
    for (const title of ['Darth Vader', 'LEGO Star Wars Darth Vader minifigure']) {
      const r = matcher.matchOne(title);
      expect(r).toMatchObject({ itemNo: null, reason: 'ambiguous' });
      expect(r.confidence).toBeLessThan(matcher.threshold);
      for (const c of r.candidates) expect(names.get(c.itemNo)).toMatch(/Darth Vader/);
    }
    // Named with its variant, the same character is one figure.
    expect(matcher.matchOne('LEGO Star Wars Darth Vader Chrome Black').itemNo).toBe('sw0218');
  });

  it('keeps non-figure titles unmatched with confidence 0, even for a one-variant character', () => {
    const cases: [string, string][] = [
      ['LEGO Star Wars Zuckuss keychain', 'keychain'],
      ['LEGO Star Wars Zuckuss magnet', 'magnet'],
      ['Custom LEGO Star Wars Zuckuss', 'custom'],
      ['LEGO Star Wars Zuckuss torso only', 'part'],
      ['Job lot LEGO Star Wars Zuckuss', 'lot'],
      ['2x LEGO Star Wars Zuckuss', 'several'],
      ['LEGO Star Wars Zuckuss and Max Rebo', 'several'],
      ['LEGO Star Wars 75192 Millennium Falcon sealed', 'set'],
    ];
    for (const [title, reason] of cases) {
      expect(matcher.matchOne(title), title).toMatchObject({ itemNo: null, confidence: 0, reason });
    }
    expect(matcher.matchOne('LEGO Star Wars Zuckuss minifigure').itemNo).toBe('sw1020');
  });

  it('lets a figure whose own name holds a signal word through', () => {
    const title = 'LEGO City Custom Car Garage Driver Male Bright Light Orange Racing Jacket';
    const r = matcher.matchOne(title);
    expect(names.get(r.itemNo ?? '')).toMatch(
      /^Custom Car Garage Driver - Male, Bright Light Orange Racing Jacket/,
    );
  });

  it('applies the threshold: the same confidence, matched or not', async () => {
    const title = 'LEGO Star Wars Kit Fisto with cape minifigure';
    const loose = matcher.matchOne(title);
    expect(loose.itemNo).toBe('sw0422');
    const strict = await createMatcher(rows, { threshold: Math.min(1, loose.confidence + 0.001) });
    expect(strict.matchOne(title)).toMatchObject({
      itemNo: null,
      reason: 'low-confidence',
      confidence: loose.confidence,
    });
    await expect(createMatcher(rows, { threshold: 1.5 })).rejects.toThrow(RangeError);
  });

  it('knows real set numbers when given the BrickLink Sets download', async () => {
    const text = readFileSync(SETS_FILE, 'utf8');
    const setNumbers = parseBrickLinkSetNumbers(text);
    // Checked against the file itself: 75192 is a set number, 12345 is not.
    expect(text).toMatch(/\t75192-1\t/);
    expect(text).not.toMatch(/\t12345-\d+\t/);
    expect(setNumbers.has('75192')).toBe(true);
    expect(setNumbers.has('12345')).toBe(false);

    const withSets = await createMatcher(rows, { setNumbers });
    expect(withSets.matchOne('LEGO Star Wars Zuckuss 75192')).toMatchObject({ itemNo: null, reason: 'set' });
    expect(withSets.matchOne('LEGO Star Wars Zuckuss 12345').itemNo).toBe('sw1020');
    // Without the list any 4-6 digit number that is not a year is taken for a set number.
    expect(matcher.matchOne('LEGO Star Wars Zuckuss 12345')).toMatchObject({ itemNo: null, reason: 'set' });
  });

  it('reports candidates: at most three, scores within 0..1, the match first', async () => {
    const results = await matcher.match([
      'LEGO Star Wars Boba Fett Cloud City printed arms legs',
      'LEGO Harry Potter Hermione Granger',
      'qwxz',
      '',
    ]);
    for (const r of results) {
      expect(r.candidates.length).toBeLessThanOrEqual(3);
      for (const c of r.candidates) expect(c.score >= 0 && c.score <= 1).toBe(true);
      expect(r.confidence >= 0 && r.confidence <= 1).toBe(true);
      if (r.itemNo) expect(r.candidates[0]?.itemNo).toBe(r.itemNo);
    }
    expect(results[0]?.itemNo).toBe('sw0107');
    expect(results.slice(2).map((r) => r.reason)).toEqual(['no-candidate', 'no-candidate']);
  });
});
