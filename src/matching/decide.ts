import type { CatalogueIndex, IndexedFigure } from './catalogue-index.js';
import { type Candidate, type CandidateRanker, OPTIONAL_EVIDENCE } from './rank-candidates.js';
import type { TitleQuery } from './title-query.js';
import type { SignalKind } from './title-signals.js';

/** Why a title got no figure. */
export type UnmatchedReason =
  | SignalKind
  /** No catalogue name shares a word with the title. */
  | 'no-candidate'
  /** Several figures fit the title equally well: "Darth Vader" alone is 33 figures. */
  | 'ambiguous'
  /** The best figure scored below the threshold. */
  | 'low-confidence'
  /** The title gives an item number ("sw1999") that is not in the catalogue. */
  | 'unknown-item-number';

export interface MatchResult {
  /** The title as given. */
  title: string;
  /** BrickLink item number, or null when the title is not confidently one catalogue figure. */
  itemNo: string | null;
  /** 0..1. 0 for titles that are not one figure (lots, keychains, sets...). */
  confidence: number;
  /**
   * Up to three figures with their 0..1 scores, highest first. When the title is matched, the
   * match comes first, and its score is at least a runner-up's (an item number in the title can
   * pick a figure its words alone would rank lower).
   */
  candidates: { itemNo: string; score: number }[];
  /** Set when itemNo is null. */
  reason: UnmatchedReason | null;
}

/** Confidence of a title whose item number is in the catalogue, before its words agree or not. */
const NUMBER_BASE = 0.9;
/** Evidence within 3% of the best counts as a tie: the title does not tell the two apart. */
const TIE = 0.97;
/** A tie won only because the title spells out the winner's full name, variant included. */
const FULL_NAME_TIE_BREAK = 0.75;
/** Similarity lead that lets word order settle a tie between two fully spelt-out names. */
const ORDER_MARGIN = 0.1;
/** A title word at least this heavy (a rare word, like a character's name) identifies a figure. */
const HEAVY_WORD = 6;
const CANDIDATES_SHOWN = 3;
/** Rivals the winner's margin is measured against. */
const RIVALS = 5;
/** Evidence a win needs before it counts fully: a lone colour word or year is not a clear margin. */
const MARGIN_SLACK = 3;
/** What the rival explains and the winner does not weighs more than the reverse: it contradicts the winner. */
const CONTRADICTION = 1.5;

/**
 * Turns ranked candidates into a verdict. An item number in the title wins (it was checked against
 * the catalogue); otherwise the best-ranked figure, scored by its own quality times how clearly it
 * beats the runner-up. Titles that are not one figure get no match whatever their score.
 */
export function decide(
  query: TitleQuery,
  index: CatalogueIndex,
  ranker: CandidateRanker,
  threshold: number,
): MatchResult {
  const ranked = rankInScope(query, ranker);
  const unmatched = (reason: UnmatchedReason, confidence: number, first?: Candidate): MatchResult => ({
    title: query.title,
    itemNo: null,
    confidence: round3(confidence),
    candidates: candidateScores(ranked, first),
    reason,
  });

  if (query.itemNumbers.length > 1) return unmatched('several', 0);
  if (query.itemNumbers.length === 0 && query.unknownItemNumbers.length > 0)
    return unmatched('unknown-item-number', 0);
  const numbered = query.itemNumbers[0];
  const best = numbered ? ranker.describe(query, figureOf(index, numbered)) : ranked[0];
  if (!best) return unmatched('no-candidate', 0);

  const signal = query.signals.find((s) => !explainedByName(s.keywords, best.figure, index));
  if (signal) return unmatched(signal.kind, 0, best);
  if (!numbered && namesSeveralFigures(query, best.figure)) return unmatched('several', 0, best);

  let confidence: number;
  if (numbered) {
    confidence = NUMBER_BASE + 0.09 * best.identityCoverage;
  } else {
    const rivals = ranked.filter((c) => c !== best);
    const tied = rivals.filter((c) => c.evidence >= TIE * best.evidence);
    if (tied.length > 0) {
      if (!winsTie(best, tied)) return unmatched('ambiguous', best.quality * 0.5, best);
      confidence = best.quality * FULL_NAME_TIE_BREAK;
    } else {
      const margin = Math.min(...rivals.slice(0, RIVALS).map((r) => marginOver(query, best, r)), 1);
      confidence = best.quality * Math.min(1, Math.max(0, 0.5 + margin));
    }
  }
  if (confidence < threshold) return unmatched('low-confidence', confidence, best);
  return {
    title: query.title,
    itemNo: best.figure.itemNo,
    confidence: round3(confidence),
    candidates: candidateScores(ranked, best, true),
    reason: null,
  };
}

/**
 * The figures shown with a verdict, highest score first. A figure's score is its quality scaled by
 * its evidence against the best evidence among them. `first` (the figure an item number named, or
 * the match) joins the list; a match is put first and given at least the runner-up's score.
 */
function candidateScores(
  ranked: readonly Candidate[],
  first: Candidate | undefined,
  matched = false,
): { itemNo: string; score: number }[] {
  // Inside a scope every figure is weighed, also those the title has no word of: those are left out.
  const others = ranked.filter((c) => c.figure !== first?.figure && c.evidence > 0);
  const list = first ? [first, ...others] : others;
  const top = Math.max(0, ...list.map((c) => c.evidence));
  const scored = list.map((c) => ({
    itemNo: c.figure.itemNo,
    score: round3(top > 0 ? c.quality * Math.min(1, c.evidence / top) : 0),
  }));
  const [head, ...rest] = scored;
  if (!matched || !head) return scored.sort(byScore).slice(0, CANDIDATES_SHOWN);
  rest.sort(byScore);
  const shown = rest.slice(0, CANDIDATES_SHOWN - 1);
  return [{ itemNo: head.itemNo, score: Math.max(head.score, shown[0]?.score ?? 0) }, ...shown];
}

function byScore(a: { score: number }, b: { score: number }): number {
  return b.score - a.score;
}

/**
 * The ranking a verdict is made on. A series the title names is binding: nothing outside it is
 * meant. A set (or "CMF" without a series) is evidence: its figures are used when the best of them
 * explains every name word the best figure overall explains ("Dengar from 10221" is one Dengar
 * among the set's figures), and dropped when it does not (the inventory may be a rough one, the
 * number a typo).
 */
function rankInScope(query: TitleQuery, ranker: CandidateRanker): Candidate[] {
  const scope = query.scope;
  if (!scope) return ranker.rank(query);
  const scoped = ranker.rank(query, scope);
  if (scope.kind === 'series') return scoped;
  const overall = ranker.rank(query);
  return scoped[0] && explainsNameWords(query, scoped[0], overall[0]) ? scoped : overall;
}

function explainsNameWords(
  query: TitleQuery,
  candidate: Candidate,
  reference: Candidate | undefined,
): boolean {
  return query.terms.every(
    (term, t) =>
      term.optional ||
      term.weight < HEAVY_WORD ||
      !(reference && (reference.strengths[t] as number) > 0) ||
      (candidate.strengths[t] as number) > 0,
  );
}

/**
 * How clearly `best` beats `rival`: the evidence only `best` has, less (weighted) the evidence only
 * the rival has, relative to the former plus a slack. 1 or more: clean; 0 or less: the title
 * supports the rival as much.
 */
function marginOver(query: TitleQuery, best: Candidate, rival: Candidate): number {
  let own = Math.max(0, best.yearEvidence - rival.yearEvidence);
  let theirs = Math.max(0, rival.yearEvidence - best.yearEvidence);
  for (const [t, term] of query.terms.entries()) {
    const weight = term.optional ? term.weight * OPTIONAL_EVIDENCE : term.weight;
    const diff = (best.strengths[t] as number) - (rival.strengths[t] as number);
    if (diff > 0) own += weight * diff;
    else theirs -= weight * diff;
  }
  return (own - CONTRADICTION * theirs) / (own + MARGIN_SLACK);
}

/**
 * The title fits several figures equally. It still names one if it spells out that figure's full
 * name, variant included ("Darth Maul - Mechanical Legs" against "... Printed Mechanical Legs"),
 * and no tied rival is spelt out as fully, unless the word order tells them apart ("Chewbacca -
 * Snow" and "Snow Chewbacca"). A bare character name ("Jar Jar Binks") never wins a tie.
 */
function winsTie(best: Candidate, tied: readonly Candidate[]): boolean {
  if (!best.spelledOut || !best.figure.hasDescriptor) return false;
  const alsoFull = tied.filter((c) => c.spelledOut);
  return alsoFull.every((c) => best.similarity - c.similarity >= ORDER_MARGIN);
}

function figureOf(index: CatalogueIndex, itemNo: string): IndexedFigure {
  const figure = index.figure(itemNo);
  if (!figure) throw new Error(`item number ${itemNo} resolved but not indexed`);
  return figure;
}

/** A signal raised only by words of the figure's own name ("Custom Car Garage Driver") is void. */
function explainedByName(keywords: readonly string[], figure: IndexedFigure, index: CatalogueIndex): boolean {
  if (keywords.length === 0) return false;
  return keywords.every((k) => {
    const id = index.tokenId(k);
    return id !== undefined && figure.nameTokens.has(id);
  });
}

/**
 * "Darth Vader and Luke Skywalker", "Han Solo + Chewbacca": the title has segments joined by "&",
 * "+" or "and", the best figure explains the rare words of one and none of another's.
 */
function namesSeveralFigures(query: TitleQuery, figure: IndexedFigure): boolean {
  const segments = new Map<number, { heavy: number; explained: number }>();
  for (const term of query.terms) {
    if (term.optional || term.weight < HEAVY_WORD) continue;
    const entry = segments.get(term.segment) ?? { heavy: 0, explained: 0 };
    entry.heavy++;
    if (term.alternatives.some((a) => figure.nameTokens.has(a.id) || figure.categoryTokens.has(a.id))) {
      entry.explained++;
    }
    segments.set(term.segment, entry);
  }
  const list = [...segments.values()];
  return list.some((s) => s.explained === 0) && list.some((s) => s.explained > 0);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
