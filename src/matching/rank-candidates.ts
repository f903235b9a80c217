import stringSimilarity from 'string-similarity';
import type { CatalogueIndex, IndexedFigure } from './catalogue-index.js';
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
  strengths: Float64Array;
  /** The part of the evidence that comes from the release year. */
  yearEvidence: number;
  /** 0..1, before the comparison with other candidates. */
  quality: number;
}

/** How many figures retrieval hands to the detailed ranking. */
const RETRIEVED = 48;
/** A title word missing from a name costs at most this much: one odd word must not sink a match. */
const MISSING_WORD_CAP = 4;
const YEAR_EXACT = 2.5;
const YEAR_NEAR = 0.5;
/** Optional words ("Marvel", "minifigure", a translated word's original) are hints, not evidence. */
export const OPTIONAL_EVIDENCE = 0.3;
/** Candidates that get a string similarity. */
const SIMILARITY_FOR = 8;

/**
 * Ranks catalogue figures for one parsed title: retrieval by the inverted index (the summed
 * weights of title words in each name), then a detailed look at the best few. Reuses scratch
 * arrays across calls, so one ranker serves one matcher (not thread-safe, and need not be).
 */
export class CandidateRanker {
  private readonly scores: Float64Array;
  private readonly termStamp: Int32Array;
  private readonly titleStamp: Int32Array;
  private termCounter = 0;
  private titleCounter = 0;

  constructor(private readonly index: CatalogueIndex) {
    this.scores = new Float64Array(index.size);
    this.termStamp = new Int32Array(index.size).fill(-1);
    this.titleStamp = new Int32Array(index.size).fill(-1);
  }

  rank(query: TitleQuery): Candidate[] {
    const ranked = this.retrieve(query.terms)
      .map((i) => this.describe(query, this.index.figures[i] as IndexedFigure, false))
      .sort(compareCandidates);
    // String similarity is the costly part; only the leaders need it, and it only breaks ties.
    for (const c of ranked.slice(0, SIMILARITY_FOR)) addSimilarity(query, c);
    return ranked.sort(compareCandidates);
  }

  /** The detailed scores of one figure, whether retrieval found it or the title named its number. */
  describe(query: TitleQuery, figure: IndexedFigure, withSimilarity = true): Candidate {
    let evidence = 0;
    let explained = 0;
    let missing = 0;
    const strengths = new Float64Array(query.terms.length);
    for (const [t, term] of query.terms.entries()) {
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
    }
    evidence += yearEvidence;
    const covered = tokenStrengths(query);
    const coverOf = (ids: readonly number[]) => {
      let total = 0;
      let got = 0;
      for (const id of ids) {
        const w = this.index.weight(id);
        total += w;
        got += w * (covered.get(id) ?? 0);
      }
      return total > 0 ? got / total : 0;
    };
    const candidate: Candidate = {
      figure,
      evidence,
      strengths,
      yearEvidence,
      titleCoverage: explained + missing > 0 ? explained / (explained + missing) : 0,
      identityCoverage: coverOf(figure.identityTokens),
      nameCoverage: coverOf(figure.coverTokens),
      spelledOut: figure.spellTokens.every((id) => (covered.get(id) ?? 0) > 0),
      similarity: 0,
      quality: 0,
    };
    setQuality(candidate);
    if (withSimilarity) addSimilarity(query, candidate);
    return candidate;
  }

  /** Indices of the figures with the highest summed weight of title words in their names. */
  private retrieve(terms: readonly QueryTerm[]): number[] {
    const title = ++this.titleCounter;
    const touched: number[] = [];
    const add = (i: number, stamp: number, amount: number) => {
      if (this.termStamp[i] === stamp) return;
      this.termStamp[i] = stamp;
      if (this.titleStamp[i] !== title) {
        this.titleStamp[i] = title;
        this.scores[i] = 0;
        touched.push(i);
      }
      this.scores[i] = (this.scores[i] as number) + amount;
    };
    for (const term of terms) {
      const stamp = ++this.termCounter;
      const alternatives = [...term.alternatives].sort((a, b) => b.strength - a.strength);
      for (const alt of alternatives) {
        for (const i of this.index.postings(alt.id)) add(i, stamp, term.weight * alt.strength);
      }
      if (term.parts) {
        const [rarest, ...others] = [...term.parts].sort(
          (a, b) => this.index.weight(b) - this.index.weight(a),
        );
        for (const i of this.index.postings(rarest as number)) {
          const tokens = (this.index.figures[i] as IndexedFigure).nameTokens;
          if (others.every((id) => tokens.has(id))) add(i, stamp, term.weight);
        }
      }
    }
    if (this.termCounter > 2_000_000_000) this.resetStamps();
    return topK(touched, this.scores, RETRIEVED);
  }

  private resetStamps(): void {
    this.termStamp.fill(-1);
    this.titleStamp.fill(-1);
    this.termCounter = 0;
    this.titleCounter = 0;
  }
}

const strengthsByQuery = new WeakMap<TitleQuery, Map<number, number>>();

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

function setQuality(c: Candidate): void {
  c.quality = 0.5 * c.titleCoverage + 0.35 * c.identityCoverage + 0.15 * c.similarity;
}

function addSimilarity(query: TitleQuery, c: Candidate): void {
  if (!query.text || !c.figure.text) return;
  c.similarity = stringSimilarity.compareTwoStrings(query.text, c.figure.text);
  setQuality(c);
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
  const score = (i: number) => scores[i] as number;
  const siftDown = (start: number) => {
    let p = start;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < heap.length && score(heap[l] as number) < score(heap[m] as number)) m = l;
      if (r < heap.length && score(heap[r] as number) < score(heap[m] as number)) m = r;
      if (m === p) return;
      [heap[p], heap[m]] = [heap[m] as number, heap[p] as number];
      p = m;
    }
  };
  for (const i of indices) {
    if (heap.length < k) {
      heap.push(i);
      let c = heap.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (score(heap[p] as number) <= score(heap[c] as number)) break;
        [heap[p], heap[c]] = [heap[c] as number, heap[p] as number];
        c = p;
      }
    } else if (score(i) > score(heap[0] as number)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap;
}
