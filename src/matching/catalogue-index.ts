import { itemNumberPrefixes } from './item-numbers.js';
import { GLUE_WORDS } from './lexicon.js';
import { editDistance, fold, romanToDigits, stem, trigrams, words } from './text.js';

/** One catalogue figure as the matcher needs it. */
export interface CatalogueFigure {
  /** BrickLink item number, e.g. sw0002 (minifigures.set_number). */
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
  /** BrickLink category path, top level first (metadata.category_path); the theme when absent. */
  categoryPath?: string[] | null;
}

export interface IndexedFigure extends CatalogueFigure {
  /** Token ids of the name, including long numbers such as element ids (matched, not required). */
  nameTokens: Set<number>;
  /** The name tokens a title is expected to cover; long numbers excluded. */
  coverTokens: number[];
  /**
   * The cover tokens a title must have to spell the name out: all but a number that only repeats
   * the figure's sub-theme ("Knights Kingdom I - King Leo" in category Knights Kingdom I).
   */
  spellTokens: number[];
  categoryTokens: Set<number>;
  /** The name has a descriptor after the character ("Darth Maul - Mechanical Legs"), not just "Jar Jar Binks". */
  hasDescriptor: boolean;
  /** The one or two rarest name tokens: the words that say who this is. */
  identityTokens: number[];
  coverWeight: number;
  /** The cover tokens joined, for string similarity. */
  text: string;
}

export interface TokenMatch {
  id: number;
  /** 1 for the exact word, less for a typo's nearest words. */
  strength: number;
}

/** Boilerplate that BrickLink appends to collectible figures; no seller writes it. */
const BOILERPLATE = /\((minifigure only without stand and accessories|character only( without stand)?)\)/g;
/** Where the character ends and the variant description starts. */
const DESCRIPTOR_START = / - |,| \(| \{| with | without /;
/** Typos rarely hit the first letter; requiring it keeps random foreign words from matching names. */
const FUZZY_STRENGTH = [1, 0.85, 0.7];
/** Tokens with a bit in CatalogueIndex.frequentMask: the bits of an Int32. */
const FREQUENT_BITS = 31;

export function nameWords(text: string): string[] {
  return words(text)
    .filter((w) => !GLUE_WORDS.has(w) && !/^[a-z]$/.test(w))
    .map(stem);
}

/**
 * An in-memory index of the catalogue, built once: an inverted index from name tokens to
 * figures, inverse document frequencies, and a trigram index over the vocabulary for typos.
 * Building it for 18k figures takes well under a second; a lookup is microseconds.
 */
export class CatalogueIndex {
  readonly figures: IndexedFigure[] = [];
  private readonly ids = new Map<string, number>();
  private readonly vocabulary: string[] = [];
  private readonly documentFrequency: number[] = [];
  private weights = new Float64Array(0);
  private readonly postingLists: number[][] = [];
  private readonly vocabularyTrigrams = new Map<string, number[]>();
  private readonly itemNumbers = new Map<string, string>();
  private readonly byItemNo = new Map<string, IndexedFigure>();
  private readonly positions = new Map<string, number>();
  /**
   * Bit b of frequentMask[i] says figure i's name has the token with frequentBit(id) === b: the
   * FREQUENT_BITS tokens in the most names (every token in over 1,000 of them in BrickLink's 18k), so
   * that a common title word is checked against a figure with one AND instead of a scan of its name.
   */
  frequentMask = new Int32Array(0);
  private frequentBits = new Int8Array(0);
  private readonly fuzzyCache = new Map<string, TokenMatch[]>();
  /** Category paths repeat (1,150 of them for 18k figures): tokenised once each. */
  private readonly categoryCache = new Map<string, Set<number>>();

  /** Letter prefixes of the catalogue's item numbers ("sw", "col"): see findUnknownItemNumbers. */
  readonly itemNumberPrefixes: ReadonlySet<string>;

  constructor(catalogue: readonly CatalogueFigure[]) {
    for (const figure of catalogue) this.add(figure);
    this.itemNumberPrefixes = itemNumberPrefixes(this.itemNumbers.keys());
    const n = this.figures.length;
    this.weights = Float64Array.from(this.documentFrequency, (df) => Math.log(1 + n / df));
    for (const figure of this.figures) this.finish(figure);
    this.maskFrequentTokens();
    for (const [id, token] of this.vocabulary.entries()) {
      if (token.length < 4 || /\d/.test(token)) continue;
      for (const gram of trigrams(token)) {
        const list = this.vocabularyTrigrams.get(gram);
        if (list) list.push(id);
        else this.vocabularyTrigrams.set(gram, [id]);
      }
    }
  }

  get size(): number {
    return this.figures.length;
  }

  /** Distinct tokens: token ids run from 0 to this, exclusive. */
  get vocabularySize(): number {
    return this.vocabulary.length;
  }

  /** The catalogue's spelling of an item number given in lower case, or undefined. */
  readonly lookupItemNumber = (lowerCase: string): string | undefined => this.itemNumbers.get(lowerCase);

  figure(itemNo: string): IndexedFigure | undefined {
    return this.byItemNo.get(itemNo);
  }

  /** Where a figure stands in `figures` (item number as the catalogue spells it). */
  position(itemNo: string): number | undefined {
    return this.positions.get(itemNo);
  }

  tokenId(token: string): number | undefined {
    return this.ids.get(token);
  }

  token(id: number): string {
    return this.vocabulary[id] as string;
  }

  /** ln(1 + N / df): a token in one figure weighs ~9.8, one in every figure ~0.7. */
  weight(id: number): number {
    return this.weights[id] as number;
  }

  postings(id: number): readonly number[] {
    return this.postingLists[id] ?? [];
  }

  /**
   * Vocabulary words within typing distance of an unknown word: one edit for words of up to 7
   * letters, two for longer ones, same first letter. Only the nearest distance found is returned.
   */
  fuzzy(word: string): TokenMatch[] {
    const cached = this.fuzzyCache.get(word);
    if (cached) return cached;
    const maxDistance = word.length >= 8 ? 2 : 1;
    const shared = new Map<number, number>();
    for (const gram of trigrams(word)) {
      for (const id of this.vocabularyTrigrams.get(gram) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    let best = maxDistance + 1;
    let found: TokenMatch[] = [];
    for (const [id, count] of shared) {
      if (count < 2) continue;
      const candidate = this.vocabulary[id] as string;
      if (candidate[0] !== word[0]) continue;
      const distance = editDistance(word, candidate, Math.min(best, maxDistance));
      if (distance > maxDistance || distance > best) continue;
      if (distance < best) {
        best = distance;
        found = [];
      }
      found.push({ id, strength: FUZZY_STRENGTH[distance] ?? 0 });
    }
    if (this.fuzzyCache.size > 50_000) this.fuzzyCache.clear();
    this.fuzzyCache.set(word, found);
    return found;
  }

  private intern(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.ids.set(token, id);
      this.vocabulary.push(token);
      this.documentFrequency.push(0);
      this.postingLists.push([]);
    }
    return id;
  }

  private add(figure: CatalogueFigure): void {
    const index = this.figures.length;
    const name = romanToDigits(fold(figure.name).replace(BOILERPLATE, ' '));
    const cut = name.search(DESCRIPTOR_START);
    const nameTokens = new Set(nameWords(name).map((t) => this.intern(t)));
    const category = (figure.categoryPath?.length ? figure.categoryPath : [figure.theme ?? '']).join(' ');
    let categoryTokens = this.categoryCache.get(category);
    if (!categoryTokens) {
      categoryTokens = new Set(nameWords(romanToDigits(fold(category))).map((t) => this.intern(t)));
      this.categoryCache.set(category, categoryTokens);
    }
    for (const id of nameTokens) {
      this.documentFrequency[id] = (this.documentFrequency[id] as number) + 1;
      this.postingLists[id]?.push(index);
    }
    for (const id of categoryTokens) {
      if (!nameTokens.has(id)) this.documentFrequency[id] = (this.documentFrequency[id] as number) + 1;
    }
    this.itemNumbers.set(figure.itemNo.toLowerCase(), figure.itemNo);
    // Copied field by field: spreading the caller's row objects was most of the build time.
    const indexed: IndexedFigure = {
      itemNo: figure.itemNo,
      name: figure.name,
      theme: figure.theme,
      year: figure.year,
      categoryPath: figure.categoryPath,
      nameTokens,
      coverTokens: [],
      spellTokens: [],
      categoryTokens,
      hasDescriptor: cut > 0 && words(name.slice(cut)).some((w) => w.length > 1 && !GLUE_WORDS.has(w)),
      identityTokens: [],
      coverWeight: 0,
      text: '',
    };
    this.figures.push(indexed);
    this.byItemNo.set(figure.itemNo, indexed);
    this.positions.set(figure.itemNo, index);
  }

  /** The bit of a token in frequentMask, or -1 for a token not among the most frequent. */
  frequentBit(id: number): number {
    return this.frequentBits[id] ?? -1;
  }

  private maskFrequentTokens(): void {
    const byFrequency = this.postingLists
      .map((list, id) => ({ id, df: list.length }))
      .sort((a, b) => b.df - a.df || a.id - b.id)
      .slice(0, FREQUENT_BITS);
    this.frequentBits = new Int8Array(this.vocabulary.length).fill(-1);
    this.frequentMask = new Int32Array(this.figures.length);
    for (const [bit, { id }] of byFrequency.entries()) {
      this.frequentBits[id] = bit;
      for (const i of this.postings(id)) this.frequentMask[i] = (this.frequentMask[i] as number) | (1 << bit);
    }
  }

  private finish(figure: IndexedFigure): void {
    const cover = [...figure.nameTokens].filter((id) => !/^\d{4,}$/.test(this.token(id)));
    figure.coverTokens = cover;
    figure.spellTokens = cover.filter(
      (id) => !(/^\d+$/.test(this.token(id)) && figure.categoryTokens.has(id)),
    );
    figure.coverWeight = cover.reduce((sum, id) => sum + this.weight(id), 0);
    figure.identityTokens = [...cover].sort((a, b) => this.weight(b) - this.weight(a)).slice(0, 2);
    figure.text = cover.map((id) => this.token(id)).join(' ');
  }
}
