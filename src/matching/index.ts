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
 * How a title is read, in order (docs/matching.md has the whole story):
 * 1. Item numbers written in the title (sw0002, SW 0580, old sw001a for sw0001a), checked against
 *    the catalogue. Two different ones mean several figures; one shaped like a catalogue series'
 *    number that the catalogue lacks (sw1999) is an unknown item number.
 * 2. Titles that are not one figure: lots and bundles, counts (3x, 2 minifigs), a whole series,
 *    keychains, magnets, sets (a set number not introduced by "from"), parts ("head only", also
 *    beside an item number), baseplates, custom and knock-off figures.
 * 3. Aliases from the lexicon (src/matching/lexicon/): nicknames and local names become the
 *    catalogue's words ("Chewie", "Hombre Araña", "Dagobert Duck").
 * 4. A scope: a collectible series ("71021", "Series 9", "S16") limits the search to its figures;
 *    a set the figure came from ("from 10221") is looked in through MatcherOptions.setInventory, or
 *    a guess from the catalogues.
 * 5. The words, after folding accents, translating foreign description words and fixing typos
 *    against the catalogue's vocabulary, retrieve candidates from an inverted index, which are
 *    re-ranked by IDF-weighted evidence (name and category words, release year), coverage of the
 *    title and of the name, and string similarity.
 * 6. Confidence is the winner's quality times its margin over the runner-up. A tie ("Darth Vader"
 *    fits 33 figures equally) is no match, unless the title spells out one figure's full name
 *    including its variant ("Darth Maul - Mechanical Legs").
 */
export type { CatalogueFigure } from './catalogue-index.js';
export type { MatchResult, UnmatchedReason } from './decide.js';
export { createMatcher, DEFAULT_THRESHOLD, type Matcher, type MatcherOptions } from './matcher.js';
export { inventoryFromMap, type SetInventory } from './set-inventory.js';
export {
  type CatalogueSet,
  parseBrickLinkSetNumbers,
  parseBrickLinkSets,
  readBrickLinkSetNumbers,
} from './set-numbers.js';
