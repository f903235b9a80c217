import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/matching/index.js';
import { rememberMatches } from '../../src/matching/remember.js';
import { catalogueRows } from '../support/catalogue-rows.js';
import { LABELLED, readLabelled } from './labelled-titles.js';

describe('rememberMatches', () => {
  it('matches each distinct title once, in concurrent and later calls, with the same results', async () => {
    const matcher = await createMatcher(catalogueRows());
    const asked: string[][] = [];
    const remembering = rememberMatches(async (titles) => {
      asked.push([...titles]);
      return matcher.match(titles);
    });
    const titles = readLabelled(LABELLED).map((l) => l.title);
    const [first, overlapping] = await Promise.all([
      remembering.match([...titles.slice(0, 30), ...titles.slice(0, 10)]),
      remembering.match(titles.slice(20, 35)),
    ]);
    const later = await remembering.match([...titles.slice(25, 40), 'LEGO Star Wars Boba Fett sw0002']);

    expect(asked).toEqual([
      titles.slice(0, 30),
      titles.slice(30, 35),
      [...titles.slice(35, 40), 'LEGO Star Wars Boba Fett sw0002'],
    ]);
    expect(remembering.titlesMatched()).toBe(41);
    const direct = await matcher.match([...titles.slice(0, 40), 'LEGO Star Wars Boba Fett sw0002']);
    expect(first).toEqual([...direct.slice(0, 30), ...direct.slice(0, 10)]);
    expect(overlapping).toEqual(direct.slice(20, 35));
    expect(later).toEqual(direct.slice(25, 41));
  });

  it('forgets a failed batch, so that the titles are asked for again', async () => {
    let fail = true;
    const remembering = rememberMatches<string>(async (titles) => {
      if (fail) throw new Error('worker crashed');
      return titles.map((t) => t.toUpperCase());
    });
    await expect(remembering.match(['a', 'b'])).rejects.toThrow('worker crashed');
    fail = false;
    expect(await remembering.match(['b', 'a', 'c'])).toEqual(['B', 'A', 'C']);
    expect(remembering.titlesMatched()).toBe(5);
  });

  it('stops remembering at its limit but still answers every title', async () => {
    const asked: string[] = [];
    const remembering = rememberMatches<string>(async (titles) => {
      asked.push(...titles);
      return [...titles];
    }, 2);
    expect(await remembering.match(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(await remembering.match(['a', 'c'])).toEqual(['a', 'c']);
    expect(asked).toEqual(['a', 'b', 'c', 'c']);
  });
});
