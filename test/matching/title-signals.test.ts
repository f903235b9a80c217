import { describe, expect, it } from 'vitest';
import { fold } from '../../src/matching/text.js';
import { detectSignals, type SignalKind } from '../../src/matching/title-signals.js';

const SETS = new Set(['75192', '10221', '75093', '6209', '60215']);
const kinds = (title: string, hasItemNumber = false): SignalKind[] => [
  ...new Set(
    detectSignals(fold(title), { hasItemNumber, isSetNumber: (n) => SETS.has(n) }).map((s) => s.kind),
  ),
];

describe('signals that a title is not one minifigure', () => {
  it('lots and bundles, in several languages', () => {
    for (const title of [
      'LEGO Star Wars minifigure lot',
      'Job lot of LEGO minifigures',
      'LEGO Ninjago minifig bundle',
      'Konvolut LEGO Figuren',
      'Lote de minifiguras LEGO',
      'Lotto minifigure LEGO Marvel',
      'Partij LEGO poppetjes',
      'Zestaw figurek LEGO City',
    ]) {
      expect(kinds(title), title).toContain('lot');
    }
  });

  it('counts of figures, but not a collectible series number', () => {
    for (const title of [
      '3x LEGO Stormtrooper',
      'Stormtrooper x4',
      'LEGO 2 minifigs',
      '15 Stück',
      'set of 3 figures',
    ]) {
      expect(kinds(fold(title)), title).toContain('several');
    }
    for (const title of [
      'LEGO Series 2 minifigures Vampire',
      'Battle Droid with 1 x 2 plate',
      'Minifiguren Serie 2',
    ]) {
      expect(kinds(title), title).not.toContain('several');
    }
  });

  it('keychains and magnets, with Magneto not mistaken for a magnet', () => {
    for (const title of [
      'Darth Vader Keychain',
      'key chain',
      'Schlüsselanhänger Boba Fett',
      'Porte-clés Yoda',
      'Llavero',
    ]) {
      expect(kinds(title), title).toContain('keychain');
    }
    for (const title of ['Chewbacca Magnet', 'Kühlschrankmagnet Darth Maul', 'Aimant LEGO Stormtrooper']) {
      expect(kinds(title), title).toContain('magnet');
    }
    expect(kinds('LEGO Magneto Red Outfit')).toEqual([]);
  });

  it('a set for sale, but not a figure that names the set it came from', () => {
    expect(kinds('LEGO Star Wars 75192 Millennium Falcon UCS New Sealed')).toContain('set');
    expect(kinds('LEGO 10221 Super Star Destroyer complete with all minifigures')).toContain('set');
    expect(kinds('LEGO City 60215 Fire Station')).toContain('set');
    expect(kinds('Han Solo minifigure from set 75192')).toEqual([]);
    expect(kinds('LEGO Star Wars Figur Darth Vader aus Set 75093')).toEqual([]);
    expect(kinds('Dengar bounty hunter (10221 Super Star Destroyer)')).toEqual([]);
    expect(kinds('Baze Malbus minifigure 75192')).toEqual([]);
    expect(kinds('Darth Vader 75093', true)).toEqual([]);
    // Not a known set number: not a set listing (the default, without a list, would say it is).
    expect(kinds('LEGO Star Wars Darth Vader 12345')).toEqual([]);
  });

  it('parts, custom figures and knock-offs, other products', () => {
    for (const title of [
      'Darth Vader torso only',
      'Boba Fett helmet only',
      'minifigure head Han Solo',
      'Stormtrooper legs and torso parts',
      'Hermione 973pb1234',
      'minifig hair piece',
    ]) {
      expect(kinds(title), title).toContain('part');
    }
    for (const title of [
      'Custom LEGO Clone Trooper',
      'minifigure compatible with LEGO',
      'mini figure fits lego',
      'MOC Mandalorian',
      'Boba Fett (not lego)',
      'Kompatibel Minifigur',
      'building blocks toy',
    ]) {
      expect(kinds(title), title).toContain('custom');
    }
    expect(kinds('LEGO minifigure display case')).toContain('not-a-figure');
    expect(kinds('Sandwich Shop Customer - Female, White Top')).toEqual([]);
  });

  it('parts and non-figures in the eight languages, a figure from a set in all of them', () => {
    for (const title of [
      'LEGO Star Wars Kuiil sw1244 só cabeça',
      'LEGO Star Wars IG-11 sw1115 bara huvud',
      'LEGO Marvel Iron Man solo busto',
      'LEGO Minifiguren Serie 21 Imker nur Zubehör',
      'LEGO peruca cabelo castanho minifigura',
      'LEGO hår brun minifigur reservdel',
      'Tête LEGO Dark Vador pièce détachée',
    ]) {
      expect(kinds(title, true), title).toContain('part');
    }
    for (const title of [
      'LEGO Star Wars Darth Vader Wecker',
      'Réveil LEGO Yoda',
      'LEGO basplatta 32x32 grön',
    ]) {
      expect(kinds(title), title).toContain('not-a-figure');
    }
    expect(kinds('Paket LEGO figurer 20 st blandade')).toEqual(expect.arrayContaining(['lot', 'several']));
    expect(kinds('LEGO 71045 série 25 boîte de 36 sachets')).toContain('several');
    expect(kinds('Nyckelring LEGO Darth Vader')).toContain('keychain');
    expect(kinds('Calamita LEGO Darth Vader')).toContain('magnet');
    for (const title of [
      'LEGO Bo-Katan från set 10221',
      'LEGO Doctor Strange vom Set 75192',
      'Figurka LEGO Aragorn z zestawu 75093',
      'Minifigura LEGO Dengar do conjunto 10221',
    ]) {
      expect(kinds(title), title).not.toContain('set');
    }
    // Only beside a part: Han Solo, "so" in a name, a seller's "Solo" are figures.
    expect(kinds('LEGO Han Solo Hoth minifigure')).not.toContain('part');
  });

  it('names the words behind a voidable signal, and none behind counts and sets', () => {
    const [custom] = detectSignals(fold('Custom Car Garage Driver'), {
      hasItemNumber: false,
      isSetNumber: () => false,
    });
    expect(custom).toEqual({ kind: 'custom', keywords: ['custom'] });
    const [count] = detectSignals(fold('3x Stormtrooper'), {
      hasItemNumber: false,
      isSetNumber: () => false,
    });
    expect(count).toEqual({ kind: 'several', keywords: [] });
  });
});
