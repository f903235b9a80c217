/**
 * Listing titles to catalogue figures.
 *
 * ```ts
 * const matcher = await createMatcher(em, { threshold: config.matchConfidenceThreshold });
 * const results = await matcher.match(titles); // one MatchResult per title, same order
 * ```
 *
 * `createMatcher(em | rows, opts)` loads the catalogue once (one query) into an in-memory index;
 * `match(titles)` takes a batch and returns, per title, `{ title, itemNo, confidence, candidates,
 * reason }`: `itemNo` is a BrickLink item number or null, `confidence` is 0..1, `candidates` are the
 * best three figures with their own scores, and `reason` says why a title got no figure.
 * `matcher.match` fits the ingest pipeline's `TitleMatcher` type as it is, and may be passed on its
 * own (it does not use `this`).
 *
 * How a title is read, in order:
 * 1. Item numbers written in the title (sw0002, SW 0580, old sw001a for sw0001a), checked against
 *    the catalogue. Two different ones mean several figures.
 * 2. Titles that are not one figure: lots and bundles, counts (3x, 2 minifigs), keychains,
 *    magnets, sets (a set number not introduced by "from"), parts, custom and knock-off figures.
 * 3. Otherwise the words, after folding accents, translating common German, French, Spanish,
 *    Italian, Dutch and Polish words and fixing typos against the catalogue's vocabulary, retrieve
 *    candidates from an inverted index, which are re-ranked by IDF-weighted evidence (name and
 *    category words, release year), coverage of the title and of the name, and string similarity.
 * 4. Confidence is the winner's quality times its margin over the runner-up. A tie ("Darth Vader"
 *    fits 33 figures equally) is no match, unless the title spells out one figure's full name
 *    including its variant ("Darth Maul - Mechanical Legs").
 */
export type { CatalogueFigure } from './catalogue-index.js';
export type { MatchResult, UnmatchedReason } from './decide.js';
export { createMatcher, DEFAULT_THRESHOLD, type Matcher, type MatcherOptions } from './matcher.js';
export { parseBrickLinkSetNumbers, readBrickLinkSetNumbers } from './set-numbers.js';
