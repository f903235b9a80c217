import type { CatalogueIndex, IndexedFigure } from './catalogue-index.js';
import { type Bigrams, bigrams, dice } from './dice.js';
import type { Scope } from './scope.js';
import type { QueryTerm, TitleQuery } from './title-query.js';

/** How well one catalogue figure explains one title. */
export interface Candidate {
  figure: IndexedFigure;
  /** Weighted evidence: the title words the figure's name or category has, plus a matching year. */
  evidence: number;
  /** Share of the title's identifying words the figure explains (0..1). */
  titleCoverage: number;
  /** Share of the figure's one or two rarest name words the title has (0..1): does it name the character? */
  identityCoverage: number;
  /** Share of the figure's whole name the title has (0..1). */
  nameCoverage: number;
  /** The title has every word of the figure's name, typos allowed. */
  spelledOut: boolean;
  /** Dice coefficient of character bigrams (string-similarity) between the title's words and the name; 0 if not computed. */
  similarity: number;
  /** Per query term, how strongly the figure has it (0 none, 1 exact, less for a typo's match). */
  strengths: number[];
  /** The part of the evidence that comes from the release year. */
  yearEvidence: number;
  /** 0..1, before the comparison with other candidates. */
  quality: number;
}

/** A word in more names than this is common: retrieval does not walk its posting list. */
const COMMON_WORD = 1_000;
/** How many figures retrieval hands to the detailed ranking. */
const RETRIEVED = 48;
/** A scope this small (a series, a set's real inventory) is weighed figure by figure, without retrieval. */
const SMALL_SCOPE = 160;
/** A larger scope keeps what a wider retrieval finds inside it. */
const SCOPED_RETRIEVED = 400;
/** A title word missing from a name costs at most this much: one odd word must not sink a match. */
const MISSING_WORD_CAP = 4;
const YEAR_EXACT = 2.5;
const YEAR_NEAR = 0.5;
/** A figure first released in the year of the set the title names (when the set's inventory is a guess). */
const SET_YEAR = 1.5;
/** Optional words ("Marvel", "minifigure", a translated word's original) are hints, not evidence. */
export const OPTIONAL_EVIDENCE = 0.3;
/** Candidates that get the detailed look (coverage of their names, string similarity). */
const DETAILED = 12;
/** ...and any whose evidence is this close to the best's, so that every tie is looked at. */
const NEAR_TIE = 0.9;
/** Leaders that get a string similarity (besides any that spell their whole name out). */
const SIMILARITY_FOR = 6;

/**
 * Ranks catalogue figures for one parsed title: retrieval by the inverted index (the summed
 * weights of title words in each name), then a detailed look at the best few. Reuses scratch
 * arrays across calls, so one ranker serves one matcher (not thread-safe, and need not be).
 */
export class CandidateRanker {
  private readonly scores: Float64Array;
  private readonly termStamp: Int32Array;
  private readonly titleStamp: Int32Array;
  /** Per figure, the strongest rare alternative of the common term being added (valid where rareStamp is its stamp). */
  private readonly rareStamp: Int32Array;
  private readonly rareStrength: Float64Array;
  private termCounter = 0;
  private titleCounter = 0;
  /** Names' bigrams for string similarity, worked out the first time a name is compared. */
  private readonly figureBigrams = new Map<IndexedFigure, Bigrams>();

  constructor(private readonly index: CatalogueIndex) {
    this.scores = new Float64Array(index.size);
    this.termStamp = new Int32Array(index.size).fill(-1);
    this.titleStamp = new Int32Array(index.size).fill(-1);
    this.rareStamp = new Int32Array(index.size).fill(-1);
    this.rareStrength = new Float64Array(index.size);
  }

  /** Figures for the title, best first; only figures inside `scope` when one is given. */
  rank(query: TitleQuery, scope?: Scope): Candidate[] {
    const found = scope ? this.withinScope(query.terms, scope) : this.retrieve(query.terms, RETRIEVED);
    const byEvidence = found
      .map((i) => this.weigh(query, this.index.figures[i] as IndexedFigure, scope?.year))
      .sort((a, b) => b.evidence - a.evidence);
    // Only the leaders, and whatever ties with the best, need the name coverage; string similarity,
    // the costliest part, only the first few and any that spell their name out (it settles ties).
    const top = byEvidence[0]?.evidence ?? 0;
    const leaders = byEvidence.filter((c, i) => i < DETAILED || c.evidence >= NEAR_TIE * top);
    for (const c of leaders) this.cover(query, c);
    leaders.sort(compareCandidates);
    for (const [i, c] of leaders.entries()) if (i < SIMILARITY_FOR || c.spelledOut) this.compare(query, c);
    return leaders.sort(compareCandidates);
  }

  /** The detailed scores of one figure, whether retrieval found it or the title named its number. */
  describe(query: TitleQuery, figure: IndexedFigure): Candidate {
    return this.compare(query, this.cover(query, this.weigh(query, figure)));
  }

  /** Evidence and title coverage: what retrieval order and margins need, for every retrieved figure. */
  private weigh(query: TitleQuery, figure: IndexedFigure, setYear?: number): Candidate {
    let evidence = 0;
    let explained = 0;
    let missing = 0;
    const terms = query.terms;
    // A plain array: allocating a small typed array per weighed figure cost more than filling it.
    const strengths: number[] = new Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t] as QueryTerm;
      const inName = bestStrength(term, figure.nameTokens);
      const inCategory = term.optional ? 0 : bestStrength(term, figure.categoryTokens);
      const strength = Math.max(inName, inCategory);
      strengths[t] = strength;
      evidence += term.weight * strength * (term.optional ? OPTIONAL_EVIDENCE : 1);
      if (!term.optional) {
        explained += term.weight * strength;
        if (strength === 0) missing += Math.min(term.weight, MISSING_WORD_CAP) * term.strength;
      }
    }
    let yearEvidence = 0;
    if (figure.year !== null) {
      if (query.years.includes(figure.year)) yearEvidence = YEAR_EXACT;
      else if (query.years.some((y) => Math.abs(y - (figure.year as number)) === 1)) yearEvidence = YEAR_NEAR;
      if (figure.year === setYear) yearEvidence = Math.max(yearEvidence, SET_YEAR);
    }
    return {
      figure,
      evidence: evidence + yearEvidence,
      strengths,
      yearEvidence,
      titleCoverage: explained + missing > 0 ? explained / (explained + missing) : 0,
      identityCoverage: 0,
      nameCoverage: 0,
      spelledOut: false,
      similarity: 0,
      quality: 0,
    };
  }

  /** How much of the name the title has. */
  private cover(query: TitleQuery, c: Candidate): Candidate {
    const covered = tokenStrengths(query);
    c.identityCoverage = coverage(this.index, c.figure.identityTokens, covered);
    c.nameCoverage = coverage(this.index, c.figure.coverTokens, covered);
    c.spelledOut = c.figure.spellTokens.every((id) => (covered.get(id) ?? 0) > 0);
    c.quality = quality(c);
    return c;
  }

  /** String similarity between the title's words and the name, and the quality it completes. */
  private compare(query: TitleQuery, c: Candidate): Candidate {
    if (query.text && c.figure.text) c.similarity = dice(this.bigramsOf(query), this.nameBigrams(c.figure));
    c.quality = quality(c);
    return c;
  }

  private bigramsOf(query: TitleQuery): Bigrams {
    let b = titleBigrams.get(query);
    if (!b) {
      b = bigrams(query.text);
      titleBigrams.set(query, b);
    }
    return b;
  }

  private nameBigrams(figure: IndexedFigure): Bigrams {
    let b = this.figureBigrams.get(figure);
    if (!b) {
      b = bigrams(figure.text);
      this.figureBigrams.set(figure, b);
    }
    return b;
  }

  private withinScope(terms: readonly QueryTerm[], scope: Scope): number[] {
    if (scope.figures.length <= SMALL_SCOPE) return [...scope.figures];
    return this.retrieve(terms, SCOPED_RETRIEVED).filter((i) => scope.members.has(i));
  }

  /** Indices of the k figures with the highest summed weight of title words in their names. */
  private retrieve(terms: readonly QueryTerm[], k: number): number[] {
    const title = ++this.titleCounter;
    const touched: number[] = [];
    // Common words ("gray", "legs": thousands of figures each) only add to figures the rarer words
    // found, checked one by one; their posting lists are walked only if nothing rarer is there.
    const isCommon = (term: QueryTerm) =>
      term.alternatives.some((a) => this.index.postings(a.id).length > COMMON_WORD);
    const common = terms.filter(isCommon);
    for (const term of terms) if (!common.includes(term)) this.walk(term, title, touched);
    if (touched.length === 0) {
      for (const term of common) this.walk(term, title, touched);
    } else {
      const contenders = this.contenders(touched, common, k);
      for (const term of common) this.addToTouched(term, title, contenders);
    }
    if (this.termCounter > 2_000_000_000) this.resetStamps();
    return topK(touched, this.scores, k);
  }

  /**
   * The touched figures that the common terms could still lift into the retrieved set: a figure
   * whose score plus everything the common terms can add stays below the score the RETRIEVED-th
   * best figure has already cannot be retrieved, so the common terms need not be checked for it.
   * The retrieved set is exactly what checking every touched figure would give.
   */
  private contenders(touched: number[], common: readonly QueryTerm[], k: number): number[] {
    if (touched.length <= k) return touched;
    let reach = 0;
    for (const term of common)
      reach += term.weight * Math.max(1, ...term.alternatives.map((a) => a.strength));
    let bar = Number.POSITIVE_INFINITY;
    for (const i of topK(touched, this.scores, k)) bar = Math.min(bar, this.scores[i] as number);
    return touched.filter((i) => (this.scores[i] as number) + reach >= bar);
  }

  /**
   * Adds one common term to the figures already touched, with the strength bestStrength would give
   * (the strongest of the term's alternatives the name has). The alternatives among the index's
   * most frequent tokens, which common terms are made of, become bit masks checked against each
   * figure's frequentMask, strongest first; the others (typo matches, translations: rare words)
   * are walked on their short posting lists into a scratch table. This loop over hundreds of
   * figures per title was the matcher's largest cost when it read every figure's name tokens.
   */
  private addToTouched(term: QueryTerm, title: number, touched: number[]): void {
    const stamp = ++this.termCounter;
    const groups: { strength: number; mask: number }[] = [];
    for (const alt of term.alternatives) {
      const bit = this.index.frequentBit(alt.id);
      if (bit < 0) {
        for (const i of this.index.postings(alt.id)) {
          if (this.rareStamp[i] !== stamp) {
            this.rareStamp[i] = stamp;
            this.rareStrength[i] = alt.strength;
          } else if (alt.strength > (this.rareStrength[i] as number)) this.rareStrength[i] = alt.strength;
        }
        continue;
      }
      const group = groups.find((g) => g.strength === alt.strength);
      if (group) group.mask |= 1 << bit;
      else groups.push({ strength: alt.strength, mask: 1 << bit });
    }
    groups.sort((a, b) => b.strength - a.strength);
    const masks = this.index.frequentMask;
    const figures = this.index.figures;
    const count = touched.length; // bump appends nothing here: every figure in the list is touched
    for (let k = 0; k < count; k++) {
      const i = touched[k] as number;
      let strength = this.rareStamp[i] === stamp ? (this.rareStrength[i] as number) : 0;
      const bits = masks[i] as number;
      for (const g of groups) {
        if (g.strength <= strength) break;
        if ((bits & g.mask) !== 0) {
          strength = g.strength;
          break;
        }
      }
      if (strength < 1 && term.parts?.every((id) => (figures[i] as IndexedFigure).nameTokens.has(id)))
        strength = 1;
      if (strength > 0) this.bump(i, stamp, title, term.weight * strength, touched);
    }
  }

  /** Adds one term to every figure on its posting lists. */
  private walk(term: QueryTerm, title: number, touched: number[]): void {
    const stamp = ++this.termCounter;
    const alternatives = [...term.alternatives].sort((a, b) => b.strength - a.strength);
    for (const alt of alternatives) {
      const amount = term.weight * alt.strength;
      for (const i of this.index.postings(alt.id)) this.bump(i, stamp, title, amount, touched);
    }
    if (term.parts) {
      const [rarest, ...others] = [...term.parts].sort((a, b) => this.index.weight(b) - this.index.weight(a));
      for (const i of this.index.postings(rarest as number)) {
        const tokens = (this.index.figures[i] as IndexedFigure).nameTokens;
        if (others.every((id) => tokens.has(id))) this.bump(i, stamp, title, term.weight, touched);
      }
    }
  }

  /** Adds one term's weight to a figure's score, once per term (the strongest alternative comes first). */
  private bump(i: number, stamp: number, title: number, amount: number, touched: number[]): void {
    if (this.termStamp[i] === stamp) return;
    this.termStamp[i] = stamp;
    if (this.titleStamp[i] !== title) {
      this.titleStamp[i] = title;
      this.scores[i] = 0;
      touched.push(i);
    }
    this.scores[i] = (this.scores[i] as number) + amount;
  }

  private resetStamps(): void {
    this.termStamp.fill(-1);
    this.titleStamp.fill(-1);
    this.rareStamp.fill(-1);
    this.termCounter = 0;
    this.titleCounter = 0;
  }
}

const strengthsByQuery = new WeakMap<TitleQuery, Map<number, number>>();
const titleBigrams = new WeakMap<TitleQuery, Bigrams>();

/** Every token the title can stand for, with its best strength: what a name's words are checked against. */
function tokenStrengths(query: TitleQuery): Map<number, number> {
  let map = strengthsByQuery.get(query);
  if (!map) {
    map = new Map();
    for (const term of query.terms) {
      for (const alt of term.alternatives) map.set(alt.id, Math.max(map.get(alt.id) ?? 0, alt.strength));
      for (const id of term.parts ?? []) map.set(id, 1);
    }
    strengthsByQuery.set(query, map);
  }
  return map;
}

function quality(c: Candidate): number {
  return 0.5 * c.titleCoverage + 0.35 * c.identityCoverage + 0.15 * c.similarity;
}

/** Weighted share of `ids` the title has. */
function coverage(
  index: CatalogueIndex,
  ids: readonly number[],
  covered: ReadonlyMap<number, number>,
): number {
  let total = 0;
  let got = 0;
  for (const id of ids) {
    const w = index.weight(id);
    total += w;
    got += w * (covered.get(id) ?? 0);
  }
  return total > 0 ? got / total : 0;
}

function bestStrength(term: QueryTerm, tokens: ReadonlySet<number>): number {
  let best = 0;
  for (const alt of term.alternatives) if (alt.strength > best && tokens.has(alt.id)) best = alt.strength;
  if (best < 1 && term.parts?.every((id) => tokens.has(id))) best = 1;
  return best;
}

/** Most evidence first; among equals, the figure whose whole name the title covers, then the closer string. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const tolerance = 1e-9 * Math.max(a.evidence, b.evidence, 1);
  if (Math.abs(a.evidence - b.evidence) > tolerance) return b.evidence - a.evidence;
  if (a.nameCoverage !== b.nameCoverage) return b.nameCoverage - a.nameCoverage;
  return b.similarity - a.similarity;
}

/** The k indices with the highest scores, by a bounded min-heap (no full sort of thousands of hits). */
function topK(indices: readonly number[], scores: Float64Array, k: number): number[] {
  if (indices.length <= k) return [...indices];
  const heap: number[] = [];
  for (const i of indices) {
    if (heap.length < k) {
      heap.push(i);
      let c = heap.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if ((scores[heap[p] as number] as number) <= (scores[heap[c] as number] as number)) break;
        swap(heap, p, c);
        c = p;
      }
    } else if ((scores[i] as number) > (scores[heap[0] as number] as number)) {
      heap[0] = i;
      siftDown(heap, scores);
    }
  }
  return heap;
}

function siftDown(heap: number[], scores: Float64Array): void {
  let p = 0;
  for (;;) {
    const l = 2 * p + 1;
    const r = l + 1;
    let m = p;
    if (l < heap.length && (scores[heap[l] as number] as number) < (scores[heap[m] as number] as number))
      m = l;
    if (r < heap.length && (scores[heap[r] as number] as number) < (scores[heap[m] as number] as number))
      m = r;
    if (m === p) return;
    swap(heap, p, m);
    p = m;
  }
}

function swap(list: number[], a: number, b: number): void {
  const t = list[a] as number;
  list[a] = list[b] as number;
  list[b] = t;
}
