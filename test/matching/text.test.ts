import { describe, expect, it } from 'vitest';
import { editDistance, fold, romanToDigits, stem, trigrams, words } from '../../src/matching/text.js';

describe('text primitives shared by names and titles', () => {
  it('folds case, accents, unsplittable letters and trademark signs', () => {
    expect(fold('Padmé Naberrie')).toBe('padme naberrie');
    expect(fold('LEGO® Star Wars™ Schlüsselanhänger')).toBe('lego  star wars  schlusselanhanger');
    expect(fold('Figurka z peleryną, Łódź, Straße, Ørsted')).toBe(
      'figurka z peleryna, lodz, strasse, orsted',
    );
    expect(fold('Darth Vader’s Apprentice')).toBe("darth vader's apprentice");
  });

  it('joins hyphenated compounds and drops apostrophes, but keeps a spaced dash as a separator', () => {
    expect(words('obi-wan kenobi - young')).toEqual(['obiwan', 'kenobi', 'young']);
    expect(words('r2-d2, c-3po & ig-88')).toEqual(['r2d2', 'c3po', 'ig88']);
    expect(words("jabba's palace (mo'at)")).toEqual(['jabbas', 'palace', 'moat']);
    expect(words('#sw-0163 from 75192-1')).toEqual(['sw0163', 'from', '75192']);
  });

  it('stems plurals the same way on both sides, leaving short words and numbers alone', () => {
    expect(
      ['legs', 'accessories', 'jabbas', 'glasses', 'dress', 'zuckuss', 'arms', 'bus', 'r2d2s'].map(stem),
    ).toEqual(['leg', 'accessory', 'jabba', 'glasse', 'dress', 'zuckuss', 'arm', 'bus', 'r2d2s']);
  });

  it('turns roman numerals into digits where they can only be numerals', () => {
    expect(romanToDigits('knights kingdom i - king leo')).toBe('knights kingdom 1 - king leo');
    expect(romanToDigits('blacktron i')).toBe('blacktron 1');
    expect(romanToDigits('imperial soldier ii, episode iv')).toBe('imperial soldier 2, episode 4');
    expect(romanToDigits('yoda - ny i heart torso')).toBe('yoda - ny i heart torso');
    expect(romanToDigits('han solo i chewbacca')).toBe('han solo i chewbacca');
  });

  it('measures edit distance with transpositions, stopping early above the maximum', () => {
    expect(editDistance('hermoine', 'hermione', 2)).toBe(1);
    expect(editDistance('vadr', 'vader', 2)).toBe(1);
    expect(editDistance('stormtroper', 'stormtrooper', 2)).toBe(1);
    expect(editDistance('chewbaca', 'chewbacca', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('pads trigrams as pg_trgm does', () => {
    expect(trigrams('cat')).toEqual(['  c', ' ca', 'cat', 'at ']);
  });
});
