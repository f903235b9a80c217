import { describe, expect, it } from 'vitest';
import { fold } from '../../src/matching/text.js';
import {
  applyAliases,
  LANGUAGES,
  NAME_ENTRIES,
  parseLexicon,
  TRANSLATIONS,
  WORD_ENTRIES,
} from '../../src/matching/translations.js';

describe('the alias and translation lexicon (src/matching/lexicon/*.tsv)', () => {
  it('gives every entry a language and a source, and covers the eight languages of the issue', () => {
    for (const e of [...NAME_ENTRIES, ...WORD_ENTRIES]) {
      expect(LANGUAGES.has(e.lang), e.at).toBe(true);
      expect(e.source, e.at).not.toBe('');
    }
    for (const lang of ['de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv']) {
      expect(
        NAME_ENTRIES.some((e) => e.lang === lang),
        `names in ${lang}`,
      ).toBe(true);
      expect(
        WORD_ENTRIES.some((e) => e.lang === lang),
        `words in ${lang}`,
      ).toBe(true);
    }
    expect(NAME_ENTRIES.some((e) => e.source === 'nickname')).toBe(true);
  });

  it('never gives one foreign word two meanings', () => {
    const meanings = new Map<string, Set<string>>();
    for (const e of WORD_ENTRIES) {
      if (e.alias.includes(' ')) continue;
      const set = meanings.get(e.alias) ?? new Set<string>();
      set.add(e.means);
      meanings.set(e.alias, set);
    }
    const doubled = [...meanings].filter(([, set]) => set.size > 1).map(([word]) => word);
    expect(doubled).toEqual([]);
  });

  it('rejects a malformed file with the line at fault', () => {
    const header = 'means\tlang\taliases\tsource';
    expect(parseLexicon(`# comment\n${header}\nsnow\tde\tSchnee, Schneemann\tdictionary\n`, 'x.tsv')).toEqual(
      [
        { means: 'snow', lang: 'de', alias: 'schnee', source: 'dictionary', at: 'x.tsv:3' },
        { means: 'snow', lang: 'de', alias: 'schneemann', source: 'dictionary', at: 'x.tsv:3' },
      ],
    );
    expect(() => parseLexicon(`${header}\nsnow\tde\tschnee\n`, 'x.tsv')).toThrow(/x\.tsv:2: needs 4/);
    expect(() => parseLexicon(`${header}\nsnow\txx\tschnee\tdictionary\n`, 'x.tsv')).toThrow(
      /unknown language "xx"/,
    );
    expect(() => parseLexicon('snow\tde\tschnee\tdictionary\n', 'x.tsv')).toThrow(
      /x\.tsv:1: expected a header/,
    );
  });

  it('replaces nicknames and local names by the catalogue words, keeping the rest of the title', () => {
    const replace = (title: string) => applyAliases(fold(title));
    expect(replace('LEGO Hombre Araña 2099 (nuevo)')).toBe('lego spider-man 2099 (nuevo)');
    expect(replace('Chewie & Palpy')).toBe('chewbacca & palpatine');
    expect(replace('Figurine Dark Vador pull de Noël')).toBe('figurine darth vader holiday sweater');
    expect(replace('Dagobert Duck - Disney Serie 2')).toBe('scrooge mcduck - disney serie 2');
    // Only whole words: "tazza" (a cup) is not Taz.
    expect(replace('LEGO tazza Star Wars')).toBe('lego tazza star wars');
    expect(TRANSLATIONS.get('schnee')).toBe('snow');
    expect(TRANSLATIONS.get('meerjungfrau')).toBe('mermaid');
  });
});
