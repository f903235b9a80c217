/**
 * string-similarity's compareTwoStrings (the Dice coefficient of character bigrams, whitespace
 * ignored), with each string's bigrams worked out once: the ranker compares one title with several
 * names and one name with many titles, and the library splits both strings again on every call.
 * Gives exactly the library's number (test/matching/dice.test.ts).
 */
export interface Bigrams {
  /** The string without whitespace. */
  squeezed: string;
  /** Each bigram's count. */
  counts: Map<string, number>;
  /** The bigrams in order, repeats included. */
  list: string[];
}

export function bigrams(text: string): Bigrams {
  const squeezed = text.replace(/\s+/g, '');
  const counts = new Map<string, number>();
  const list: string[] = [];
  for (let i = 0; i < squeezed.length - 1; i++) {
    const bigram = squeezed.substring(i, i + 2);
    counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
    list.push(bigram);
  }
  return { squeezed, counts, list };
}

/** compareTwoStrings(first, second) from the two strings' bigrams. */
export function dice(first: Bigrams, second: Bigrams): number {
  if (first.squeezed === second.squeezed) return 1; // identical or empty
  if (first.squeezed.length < 2 || second.squeezed.length < 2) return 0;
  const left = new Map(first.counts);
  let intersectionSize = 0;
  for (const bigram of second.list) {
    const count = left.get(bigram) ?? 0;
    if (count > 0) {
      left.set(bigram, count - 1);
      intersectionSize++;
    }
  }
  return (2.0 * intersectionSize) / (first.squeezed.length + second.squeezed.length - 2);
}
