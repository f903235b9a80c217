import { describe, expect, it } from 'vitest';
import { findItemNumbers } from '../../src/matching/item-numbers.js';
import { words } from '../../src/matching/text.js';

/** A few real catalogue numbers, including BrickLink's mixed case and a Scala doll numbered like a quantity. */
const CATALOGUE = [
  'sw0001a',
  'sw0001b',
  'sw0002',
  'sw0075',
  'sw0580',
  'hp145',
  'col021',
  'scaFemA05',
  'x30',
  'hp013',
];
const byLowerCase = new Map(CATALOGUE.map((n) => [n.toLowerCase(), n]));
const find = (title: string) => findItemNumbers(words(title.toLowerCase()), (n) => byLowerCase.get(n));

describe('explicit item numbers in titles', () => {
  it('finds plain, upper-case, bracketed, hashed and hyphenated numbers', () => {
    expect(find('LEGO Star Wars Boba Fett sw0002 Cloud City')).toEqual(['sw0002']);
    expect(find('Boba Fett SW0002')).toEqual(['sw0002']);
    expect(find('Boba Fett (sw0002)')).toEqual(['sw0002']);
    expect(find('#sw-0002 Boba Fett')).toEqual(['sw0002']);
    expect(find('Scala doll scafema05')).toEqual(['scaFemA05']);
  });

  it('joins a spaced number whose digits come second', () => {
    expect(find('LEGO Star Wars SW 0580 Snowtrooper Commander')).toEqual(['sw0580']);
    expect(find('lego hp 145 nearly headless nick')).toEqual(['hp145']);
  });

  it('maps the old three-digit numbers to their renumbered form, and keeps ones never renumbered', () => {
    expect(find('sw001a battle droid')).toEqual(['sw0001a']);
    expect(find('Gamorrean Guard sw075')).toEqual(['sw0075']);
    expect(find('Harry Potter hp013')).toEqual(['hp013']);
  });

  it('ignores numbers that are not in the catalogue, quantities and lone digits', () => {
    expect(find('Battle Droid sw0001')).toEqual([]);
    expect(find('LEGO Minifigures Series 2 Mark 17 x30 3x')).toEqual([]);
    expect(find('LEGO 75192 Millennium Falcon 2017')).toEqual([]);
    expect(find('hp 14 sw 58')).toEqual([]);
  });

  it('reports each figure once, in order of appearance', () => {
    expect(find('col021 vampire and sw0002 boba, again COL021')).toEqual(['col021', 'sw0002']);
  });
});
