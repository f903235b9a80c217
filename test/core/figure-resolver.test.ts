import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import { parseBrickLinkCatalog } from '../../src/catalog/parse-bricklink-catalog.js';
import { MAX_CHOICES } from '../../src/core/command.js';
import { figureLabel } from '../../src/core/figure.js';
import {
  autocompleteFigures,
  FigureLookupError,
  itemNumberCandidates,
  MAX_SUGGESTIONS,
  resolveFigure,
} from '../../src/core/figure-resolver.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { upsertMinifigures } from '../../src/db/repositories/minifigures.js';
import type { FigureStore } from '../../src/deps.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE } from '../support/paths.js';

describe('itemNumberCandidates', () => {
  it('reads any case, the old 3-digit forms and spaced forms', () => {
    expect(itemNumberCandidates('SW0001A')).toEqual(['sw0001a']);
    expect(itemNumberCandidates('sw001a')).toEqual(['sw001a', 'sw0001a']);
    expect(itemNumberCandidates('cty12')).toEqual(['cty12', 'cty0012']);
    expect(itemNumberCandidates('SW 0580')).toEqual(['sw0580']);
    expect(itemNumberCandidates('darth vader')).toEqual([]);
    expect(itemNumberCandidates("sw0001'; drop")).toEqual([]);
  });
});

describe('figure resolution on the full catalogue', () => {
  let db: TestDatabase;
  let store: FigureStore;
  let catalogue: { setNumber: string; name: string; yearReleased: number | null }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCatalogFile(db.orm.em.fork(), CATALOG_FILE);
    store = createDepsFactory(db.orm)().figures;
    catalogue = parseBrickLinkCatalog(await readFile(CATALOG_FILE, 'utf8')).figures;
  }, 120_000);
  afterAll(() => db?.drop());

  const resolved = async (text: string) => (await resolveFigure(store, text)).itemNo;
  const failure = async (text: string) => {
    const err = await resolveFigure(store, text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FigureLookupError);
    return err as FigureLookupError;
  };

  it('finds item numbers in any case, also mixed-case ones', async () => {
    expect(await resolved('SW0002')).toBe('sw0002');
    expect(await resolved('sw0004a')).toBe('sw0004a');
    expect(await resolved('SCAFEMA05')).toBe('scaFemA05');
  });

  it('finds a figure imported after the in-memory item-number index was loaded', async () => {
    expect(await resolved('sw0002')).toBe('sw0002');
    await upsertMinifigures(db.orm.em.fork(), [
      {
        setNumber: 'zz9999',
        name: 'Test Figure Added Late',
        theme: 'Test',
        yearReleased: 2026,
        metadata: {},
      },
    ]);
    expect(await resolved('ZZ9999')).toBe('zz9999');
  });

  it('maps the old 3-digit item numbers to the renumbered 4-digit ones', async () => {
    expect(await resolved('sw001a')).toBe('sw0001a');
    expect(await resolved('sw002')).toBe('sw0002');
    expect(await resolved('SW 0580')).toBe('sw0580');
  });

  it('resolves an exact name, and words that match exactly one figure', async () => {
    expect(await resolved('boba fett - classic grays')).toBe('sw0002');
    const words = ['boba', 'classic', 'grays'];
    const byWords = catalogue.filter((f) =>
      words.every((w) => f.name.toLowerCase().split(/\W+/).includes(w)),
    );
    expect(byWords.map((f) => f.setNumber)).toEqual(['sw0002']);
    expect(await resolved('Classic Grays Boba')).toBe('sw0002');
  });

  it('never guesses between several figures: a "did you mean" list instead', async () => {
    const err = await failure('darth vader');
    const vaders = catalogue.filter((f) => /darth vader/i.test(f.name));
    expect(vaders.length).toBeGreaterThan(MAX_SUGGESTIONS);
    expect(err.message).toContain(
      `"darth vader" matches more than ${MAX_SUGGESTIONS} figures. Did you mean:`,
    );
    expect(err.suggestions).toHaveLength(MAX_SUGGESTIONS);
    for (const f of err.suggestions) {
      expect(f.name).toMatch(/darth/i);
      expect(err.message).toContain(`• ${figureLabel(f)}`);
    }
  });

  it('suggests close spellings for a misspelt name', async () => {
    const err = await failure('darth vadr');
    expect(err.message).toMatch(/^No figure matches "darth vadr". Did you mean:/);
    expect(err.suggestions.length).toBeGreaterThan(0);
    expect(err.suggestions.every((f) => f.name.includes('Darth Vader'))).toBe(true);
  });

  it('says so plainly when nothing is close', async () => {
    const err = await failure('qqqqzzzz');
    expect(err.suggestions).toEqual([]);
    expect(err.message).toMatch(/^No figure matches "qqqqzzzz". Try search/);
  });

  it('survives emoji, SQL and LIKE metacharacters and NUL-free junk', async () => {
    const count = async () => {
      const [row] = await db.orm.em
        .fork()
        .getConnection()
        .execute<{ n: string }[]>('select count(*) as n from minifigures');
      return Number(row?.n);
    };
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(catalogue.length);
    for (const text of ['🦖🦖', "'; drop table minifigures; --", '%_%\\', 'a"b\'c', '∑∂ƒ']) {
      await failure(text);
    }
    expect(await count()).toBe(before);
  });

  describe('autocomplete', () => {
    it('lists item-number prefixes in order, labelled, at most 25', async () => {
      const choices = await autocompleteFigures(store, 'sw000');
      const expected = catalogue
        .filter((f) => f.setNumber.toLowerCase().startsWith('sw000'))
        .map((f) => f.setNumber.toLowerCase())
        .sort()
        .slice(0, MAX_CHOICES);
      expect(choices.map((c) => c.value.toLowerCase())).toEqual(expected);
      const boba = catalogue.find((f) => f.setNumber === 'sw0002');
      expect(choices.find((c) => c.value === 'sw0002')?.name).toBe(
        `sw0002 · ${boba?.name} (${boba?.yearReleased})`,
      );
      expect(choices.find((c) => c.value === 'sw0002')?.name).toBe(
        'sw0002 · Boba Fett - Classic Grays (2000)',
      );
    });

    it('puts the renumbered item first for an old 3-digit prefix', async () => {
      const choices = await autocompleteFigures(store, 'sw002');
      expect(choices[0]?.value).toBe('sw0002');
    });

    it('completes names word by word as they are typed', async () => {
      const choices = await autocompleteFigures(store, 'boba fe');
      expect(choices.length).toBeGreaterThan(5);
      expect(choices.length).toBeLessThanOrEqual(MAX_CHOICES);
      expect(choices.slice(0, 5).every((c) => /Boba Fett/.test(c.name))).toBe(true);
    });

    it('completes a last word that is still an English stop word ("of" → Officer)', async () => {
      const choices = await autocompleteFigures(store, 'police of');
      expect(choices.length).toBeGreaterThan(5);
      for (const c of choices.slice(0, 5)) {
        expect(c.name).toMatch(/police/i);
        expect(c.name).toMatch(/\bof\w+/i);
      }
    });

    it('forgives typos through trigram similarity', async () => {
      const choices = await autocompleteFigures(store, 'stormtroopr');
      expect(choices.length).toBeGreaterThan(0);
      expect(choices[0]?.name).toMatch(/Stormtrooper/);
    });

    it('returns nothing, without failing, for empty text, emoji or metacharacters', async () => {
      expect(await autocompleteFigures(store, '')).toEqual([]);
      expect(await autocompleteFigures(store, '🦖')).toEqual([]);
      expect(await autocompleteFigures(store, '%')).toEqual([]);
      expect(await autocompleteFigures(store, "'\\")).toEqual([]);
    });
  });
});
