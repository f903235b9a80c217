import type { CatalogueIndex, TokenMatch } from './catalogue-index.js';
import type { CollectibleSeries } from './collectible-series.js';
import { findItemNumbers, findUnknownItemNumbers, itemNumberAt } from './item-numbers.js';
import { ACCESSORY_WORDS, FILLER_WORDS, FROM_WORDS, GLUE_WORDS, HINT_WORDS, SET_WORDS } from './lexicon.js';
import type { Scope } from './scope.js';
import { fold, romanToDigits, stem, words } from './text.js';
import { detectSignals, type Signal } from './title-signals.js';
import { applyAliases, TRANSLATIONS } from './translations.js';

/** One word of a title, resolved to catalogue vocabulary. */
export interface QueryTerm {
  alternatives: TokenMatch[];
  /** The weight of the best alternative. */
  weight: number;
  /** The strength of the best alternative: 1 for a known word, less for a typo. */
  strength: number;
  /** Optional terms count when a name has them, never against a name that lacks them. */
  optional: boolean;
  /** Titles are cut into segments at "&", "+" and "and": several figures show up as segments. */
  segment: number;
  /**
   * Two title words that a name may write joined or apart: "red beard" is in a name that has
   * "redbeard", or one that has both "red" and "beard". The alternatives hold the joined token.
   */
  parts?: number[];
}

export interface TitleQuery {
  title: string;
  itemNumbers: string[];
  /** Words shaped like an item number of a known series that the catalogue lacks ("sw1999"). */
  unknownItemNumbers: string[];
  signals: Signal[];
  terms: QueryTerm[];
  years: number[];
  /** The resolved words, for string similarity against names. */
  text: string;
  /** The collectible series or the set the title names, if any (see Scope). */
  scope?: Scope;
}

export interface QueryOptions {
  /** Known set numbers (BrickLink Sets download); without them, any 4-6 digit non-year is one. */
  setNumbers?: ReadonlySet<string>;
  /** Latest plausible release year. */
  maxYear: number;
  /** Collectible series and their packet numbers; a packet number is a scope, not a set. */
  series?: CollectibleSeries;
  /** The figures of a set a title names, as a scope, or undefined when they are not known. */
  setScope?: (setNumber: string) => Scope | undefined;
}

const FIRST_YEAR = 1949;
const CONJUNCTION = /\s*[&+]\s*|\s\b(and|und|et|y|en|oraz|i|e|och)\b\s/;

interface Draft {
  matches: TokenMatch[];
  optional: boolean;
  parts?: number[];
}

export function parseTitle(title: string, index: CatalogueIndex, opts: QueryOptions): TitleQuery {
  const folded = applyAliases(romanToDigits(fold(title)));
  const all = words(folded);
  const itemNumbers = findItemNumbers(all, index.lookupItemNumber);
  const unknownItemNumbers = findUnknownItemNumbers(all, index.lookupItemNumber, index.itemNumberPrefixes);
  const isYear = (w: string) => /^\d{4}$/.test(w) && Number(w) >= FIRST_YEAR && Number(w) <= opts.maxYear;
  // A number that is part of a figure's name ("Spider-Man 2099") is not a set number.
  const isSetNumber = (w: string) =>
    /^\d{4,6}$/.test(w) &&
    !opts.series?.isPacket(w) &&
    !(w.length === 4 && !isYear(w) && index.tokenId(w) !== undefined) &&
    (opts.setNumbers ? opts.setNumbers.has(w) : !isYear(w));
  const signals = detectSignals(folded, { hasItemNumber: itemNumbers.length > 0, isSetNumber });
  const scope = opts.series?.scopeOf(all) ?? originSet(all, signals, isSetNumber, opts.setScope);

  const years: number[] = [];
  const terms: QueryTerm[] = [];
  const textWords: string[] = [];
  // Words in brackets that start with a set number, "(10221 Super Star Destroyer)", describe the origin.
  const origin = new Set(
    [...folded.matchAll(/\((\s*\d{4,6}\b[^)]*)\)/g)].flatMap((m) => words(m[1] as string)),
  );
  const segments = folded
    .split(CONJUNCTION)
    .filter((s) => s !== undefined && !/^(and|und|et|y|en|oraz|i|e|och)$/.test(s));

  for (const [segment, part] of segments.entries()) {
    const list = words(part);
    let fromHere = Number.POSITIVE_INFINITY;
    for (let i = 0; i < list.length; i++) {
      const word = list[i] as string;
      if (FROM_WORDS.has(word) && startsSetReference(list, i + 1, isSetNumber))
        fromHere = Math.min(fromHere, i);
    }
    const drafts: Draft[] = [];
    for (let i = 0; i < list.length; i++) {
      const word = list[i] as string;
      const optional = i >= fromHere || origin.has(word);
      const itemNumber = itemNumberAt(list, i, index.lookupItemNumber);
      if (itemNumber) {
        i += itemNumber.length - 1;
        continue;
      }
      if (isYear(word)) {
        years.push(Number(word));
        continue;
      }
      if (GLUE_WORDS.has(word) || /^[a-z]$/.test(word)) continue;
      const next = list[i + 1];
      const joined = next === undefined ? undefined : index.tokenId(stem(word + next));
      if (joined !== undefined && !/^\d+$/.test(word)) {
        const parts = [word, next as string].map((w) => index.tokenId(stem(w)));
        const bothKnown = parts.every((id) => id !== undefined);
        drafts.push({
          matches: [{ id: joined, strength: 1 }],
          optional,
          parts: bothKnown ? (parts as number[]) : undefined,
        });
        i++;
        continue;
      }
      drafts.push(...resolveWord(word, index, optional));
    }
    for (const d of drafts) {
      const best = d.matches.reduce((a, b) => (b.strength > a.strength ? b : a));
      const weight = index.weight(best.id);
      const existing = terms.find((t) => t.alternatives.some((a) => a.id === best.id));
      if (existing) {
        existing.optional &&= d.optional;
        continue;
      }
      terms.push({
        alternatives: d.matches,
        weight,
        strength: best.strength,
        optional: d.optional,
        segment,
        parts: d.parts,
      });
      textWords.push(index.token(best.id));
    }
  }
  return {
    title,
    itemNumbers,
    unknownItemNumbers,
    signals,
    terms,
    years,
    text: textWords.join(' '),
    scope,
  };
}

/**
 * A set number in a title that does not sell the set says where the figure came from: "Dengar
 * from 10221", "aus Set 10221", "(10221)", "75167 battle pack minifig". The first whose figures
 * are known is the scope.
 */
function originSet(
  all: readonly string[],
  signals: readonly Signal[],
  isSetNumber: (w: string) => boolean,
  setScope: QueryOptions['setScope'],
): Scope | undefined {
  if (!setScope || signals.some((s) => s.kind === 'set')) return undefined;
  for (const word of all) {
    if (!isSetNumber(word)) continue;
    const scope = setScope(word);
    if (scope) return scope;
  }
  return undefined;
}

function startsSetReference(list: string[], from: number, isSetNumber: (w: string) => boolean): boolean {
  let j = from;
  while (j < list.length && (SET_WORDS.has(list[j] as string) || list[j] === 'lego' || list[j] === 'the'))
    j++;
  return j < list.length && isSetNumber(list[j] as string);
}

/** One title word as catalogue tokens: exact, translated, misspelt, or two words run together. */
function resolveWord(word: string, index: CatalogueIndex, optional: boolean): Draft[] {
  const exact = (w: string) => index.tokenId(stem(w));
  if (/^\d+$/.test(word)) {
    const id = exact(word);
    // Short numbers ("Series 2", "Mark 17") identify; long ones are set or element numbers.
    return id === undefined
      ? []
      : [{ matches: [{ id, strength: 1 }], optional: optional || word.length > 2 }];
  }
  if (FILLER_WORDS.has(word) || HINT_WORDS.has(word) || ACCESSORY_WORDS.has(word)) {
    const id = exact(word);
    return id === undefined ? [] : [{ matches: [{ id, strength: 1 }], optional: true }];
  }
  const translation = TRANSLATIONS.get(word);
  if (translation) {
    const out: Draft[] = [];
    for (const english of translation.split(' ')) {
      const id = exact(english);
      if (id !== undefined) out.push({ matches: [{ id, strength: 1 }], optional });
    }
    const original = exact(word);
    if (original !== undefined) out.push({ matches: [{ id: original, strength: 1 }], optional: true });
    return out;
  }
  const id = exact(word);
  if (id !== undefined) return [{ matches: [{ id, strength: 1 }], optional }];
  if (word.length < 4 || /\d/.test(word)) return [];
  const near = index.fuzzy(stem(word));
  if (near.length > 0) return [{ matches: near, optional }];
  if (word.length >= 6) {
    for (let cut = 3; cut <= word.length - 3; cut++) {
      const left = compoundPart(word.slice(0, cut), index);
      const right = compoundPart(word.slice(cut), index);
      if (left && right) {
        return [...left, ...right].map((id) => ({ matches: [{ id, strength: 0.9 }], optional }));
      }
    }
  }
  return [];
}

/**
 * One half of a word run together from two ("darthvader"), or of a German or Dutch compound
 * ("Vampirritter", "Gesichtsbemalung", "bijenmeisje"): a catalogue word, or a foreign word of the
 * lexicon as its English words. German joins with an "s" ("Gesichts-"), which may be dropped.
 */
function compoundPart(part: string, index: CatalogueIndex): number[] | undefined {
  const exact = index.tokenId(stem(part));
  if (exact !== undefined) return [exact];
  for (const form of part.endsWith('s') ? [part, part.slice(0, -1)] : [part]) {
    const english = TRANSLATIONS.get(form);
    if (!english) continue;
    const ids = english.split(' ').flatMap((w) => index.tokenId(stem(w)) ?? []);
    if (ids.length > 0) return ids;
  }
  return undefined;
}
