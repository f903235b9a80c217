/**
 * Explicit BrickLink item numbers in a title: "sw0002", "SW0004", "SW 0580", "#sw-0163",
 * "(sim026)", and the old three-digit numbers from before BrickLink renumbered sw### to sw0###
 * ("sw001a" is now sw0001a, "sw075" is sw0075). Every candidate is checked against the catalogue,
 * so "Series 2" or "Mark 17" never pass for an item number.
 */

/** Looks an item number up case-insensitively; returns the catalogue's spelling or undefined. */
export type ItemNumberLookup = (lowerCase: string) => string | undefined;

/** "x30" is a Scala doll's number, but in a title it is far more often a quantity ("x30"). */
const QUANTITY = /^x\d+$/;
/** Letters, then exactly three digits, then an optional variant letter: the old short form. */
const OLD_SHORT_FORM = /^([a-z]+)(\d{3})([a-z]?)$/;

function resolve(token: string, lookup: ItemNumberLookup): string | undefined {
  if (QUANTITY.test(token)) return undefined;
  const exact = lookup(token);
  if (exact) return exact;
  const old = OLD_SHORT_FORM.exec(token);
  return old ? lookup(`${old[1]}0${old[2]}${old[3]}`) : undefined;
}

/**
 * The item number that starts at words[i], if any, and how many words it spans: one ("sw0002",
 * "sw-0163" already joined by `words()`), or two for a spaced form whose second word starts with at
 * least three digits ("sw 0580", "hp 145").
 */
export function itemNumberAt(
  words: readonly string[],
  i: number,
  lookup: ItemNumberLookup,
): { itemNo: string; length: 1 | 2 } | undefined {
  const word = words[i] as string;
  if (/[a-z]/.test(word) && /\d/.test(word)) {
    const itemNo = resolve(word, lookup);
    return itemNo ? { itemNo, length: 1 } : undefined;
  }
  const next = words[i + 1];
  if (/^[a-z]{1,8}$/.test(word) && next && /^\d{3}/.test(next)) {
    const itemNo = resolve(word + next, lookup);
    return itemNo ? { itemNo, length: 2 } : undefined;
  }
  return undefined;
}

/** The distinct catalogue item numbers named in a title's words, in order of appearance. */
export function findItemNumbers(words: readonly string[], lookup: ItemNumberLookup): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const hit = itemNumberAt(words, i, lookup);
    if (!hit) continue;
    if (!found.includes(hit.itemNo)) found.push(hit.itemNo);
    i += hit.length - 1;
  }
  return found;
}

/** Letters, then three or four digits, then an optional variant letter: how item numbers look. */
const ITEM_NUMBER_SHAPE = /^([a-z]{2,6})(\d{3,4})[a-z]?$/;
/** A prefix must start this many catalogue numbers to be taken for a series of item numbers. */
const PREFIX_FIGURES = 10;

/** The letter prefixes of the catalogue's item numbers ("sw", "hp", "col"), those common enough to be a series. */
export function itemNumberPrefixes(itemNumbers: Iterable<string>): Set<string> {
  const counts = new Map<string, number>();
  for (const itemNo of itemNumbers) {
    const prefix = ITEM_NUMBER_SHAPE.exec(itemNo.toLowerCase())?.[1];
    if (prefix) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= PREFIX_FIGURES).map(([prefix]) => prefix));
}

/**
 * Words shaped like an item number of a known series that the catalogue does not have ("sw1999",
 * "col999"): the seller named a figure the catalogue does not know, or mistyped its number. A
 * number whose variants the catalogue has ("sw0001" for sw0001a, sw0001b...) is not unknown, only
 * not precise enough: the words decide among the variants.
 */
export function findUnknownItemNumbers(
  words: readonly string[],
  lookup: ItemNumberLookup,
  prefixes: ReadonlySet<string>,
): string[] {
  return words.filter((w, i) => {
    const prefix = ITEM_NUMBER_SHAPE.exec(w)?.[1];
    return (
      prefix !== undefined &&
      prefixes.has(prefix) &&
      !itemNumberAt(words, i, lookup) &&
      !itemNumberAt([`${w}a`], 0, lookup)
    );
  });
}
