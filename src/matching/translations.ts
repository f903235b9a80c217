import { readFileSync } from 'node:fs';
import { fold, words } from './text.js';

/**
 * The alias and translation lexicon, kept as data in ./lexicon/ (see docs/matching.md for how to
 * add entries): names.tsv holds what sellers call characters and themes (nicknames, names in other
 * languages), words.tsv the description words of other languages. Both are read once per process.
 */
export interface LexiconEntry {
  /** The catalogue's words, folded: "spider-man", "holiday sweater". */
  means: string;
  /** ISO 639-1 language, or "any" for a nickname used everywhere. */
  lang: string;
  /** One alias, folded: "hombre arana". */
  alias: string;
  source: string;
  /** Where it was read from, for error messages: "names.tsv:12". */
  at: string;
}

export const LANGUAGES = new Set(['any', 'en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv']);
const HEADER = ['means', 'lang'];

/** Lines of a lexicon file as entries; '#' lines are comments, the first other line the header. */
export function parseLexicon(text: string, file: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  let headerSeen = false;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const columns = line.split('\t');
    const at = `${file}:${i + 1}`;
    if (!headerSeen) {
      if (columns[0] !== HEADER[0] || columns[1] !== HEADER[1])
        throw new Error(`${at}: expected a header line`);
      headerSeen = true;
      continue;
    }
    const [means = '', lang = '', aliases = '', source = ''] = columns.map((c) => c.trim());
    if (columns.length !== 4 || !means || !aliases || !source)
      throw new Error(`${at}: needs 4 tab-separated columns: means, lang, aliases, source`);
    if (!LANGUAGES.has(lang)) throw new Error(`${at}: unknown language "${lang}"`);
    for (const alias of aliases.split(',')) {
      const folded = fold(alias.trim());
      if (folded) entries.push({ means: fold(means), lang, alias: folded, source, at });
    }
  }
  return entries;
}

function readLexicon(name: string): LexiconEntry[] {
  return parseLexicon(readFileSync(new URL(`./lexicon/${name}`, import.meta.url), 'utf8'), name);
}

export const NAME_ENTRIES: readonly LexiconEntry[] = readLexicon('names.tsv');
export const WORD_ENTRIES: readonly LexiconEntry[] = readLexicon('words.tsv');

/**
 * Single foreign words and the English catalogue words they stand for ("schnee" -> "snow"). The
 * title keeps the foreign word as an optional term besides its translation.
 */
export const TRANSLATIONS: ReadonlyMap<string, string> = new Map(
  WORD_ENTRIES.flatMap((e): [string, string][] => {
    const list = words(e.alias);
    return list.length === 1 ? [[list[0] as string, e.means]] : [];
  }),
);

interface Alias {
  words: string[];
  replacement: string;
}

/** Aliases of several words (and every name alias) by their first word, longest first. */
const ALIASES = new Map<string, Alias[]>();
for (const e of [...NAME_ENTRIES, ...WORD_ENTRIES]) {
  const list = words(e.alias);
  if (list.length === 0 || (list.length === 1 && WORD_ENTRIES.includes(e))) continue;
  const first = list[0] as string;
  const bucket = ALIASES.get(first) ?? [];
  bucket.push({ words: list, replacement: e.means });
  bucket.sort((a, b) => b.words.length - a.words.length);
  ALIASES.set(first, bucket);
}

/** A word of folded text as words() would give it, with where it stands. */
const TOKEN = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;

/**
 * Folded title text with every alias replaced by the catalogue's words: "hombre arana 2099" ->
 * "spider-man 2099", "chewie" -> "chewbacca", "pull de noel" -> "holiday sweater". Everything else
 * (separators, "&", brackets) stays, so later steps read the text as before.
 */
export function applyAliases(folded: string): string {
  const tokens = [...folded.matchAll(TOKEN)].map((m) => ({
    word: (m[0] as string).replace(/['-]/g, ''),
    start: m.index as number,
    end: (m.index as number) + (m[0] as string).length,
  }));
  let out = '';
  let copied = 0;
  for (let i = 0; i < tokens.length; i++) {
    const candidates = ALIASES.get((tokens[i] as { word: string }).word);
    if (!candidates) continue;
    const hit = candidates.find(
      (a) => i + a.words.length <= tokens.length && a.words.every((w, k) => tokens[i + k]?.word === w),
    );
    if (!hit) continue;
    const first = tokens[i] as { start: number };
    const last = tokens[i + hit.words.length - 1] as { end: number };
    out += `${folded.slice(copied, first.start)}${hit.replacement}`;
    copied = last.end;
    i += hit.words.length - 1;
  }
  return copied === 0 ? folded : out + folded.slice(copied);
}
