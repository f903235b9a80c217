import stringSimilarity from 'string-similarity';
import { describe, expect, it } from 'vitest';
import { bigrams, dice } from '../../src/matching/dice.js';
import { HOLDOUT, LABELLED, readLabelled } from './labelled-titles.js';

describe('dice (string-similarity with bigrams worked out once)', () => {
  it("gives exactly string-similarity's compareTwoStrings", () => {
    const titles = [...readLabelled(LABELLED), ...readLabelled(HOLDOUT)].map((l) => l.title.toLowerCase());
    const odd = [
      '',
      ' ',
      'a',
      'aa',
      'a a',
      'aaaa',
      'aa aa',
      'ab',
      'ba',
      'darth vader',
      'darthvader',
      'é ü',
      '\t x\ny',
    ];
    const texts = [...odd, ...titles.slice(0, 60)];
    for (const first of texts) {
      for (const second of texts) {
        expect(dice(bigrams(first), bigrams(second))).toBe(stringSimilarity.compareTwoStrings(first, second));
      }
    }
  });

  it('leaves the prepared bigrams as they were, so they can be compared again', () => {
    const title = bigrams('boba fett cloud city');
    const name = bigrams('boba fett');
    const once = dice(title, name);
    expect(dice(title, name)).toBe(once);
    expect(dice(name, title)).toBe(stringSimilarity.compareTwoStrings('boba fett', 'boba fett cloud city'));
  });
});
