/**
 * Text primitives shared by catalogue names and listing titles. Both sides go through the same
 * folding, compound joining and stemming, so that "Obi-Wan", "Obi Wan" and "obiwan", or "Padmé"
 * and "Padme", meet on the same token.
 */

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  ı: 'i',
};

/**
 * Lower case without accents or trademark signs. ™ and ® go first: NFKD would turn them into "TM"
 * and "R". Letters that do not decompose (ł, ß, ø) are spelt out.
 */
export function fold(text: string): string {
  return text
    .replace(/[™®©℠]/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßłŁøØæÆœŒđı]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/**
 * Words of folded text. Apostrophes vanish ("mo'at" -> "moat", "jabba's" -> "jabbas") and a
 * hyphen between letters or digits joins its neighbours ("r2-d2" -> "r2d2", "spider-man" ->
 * "spiderman", "sw-0163" -> "sw0163"); a spaced " - " stays a separator. A set number's "-1"
 * suffix (75192-1) is dropped rather than joined.
 */
export function words(folded: string): string[] {
  return folded
    .replace(/\b(\d{3,7})-\d{1,2}\b/g, '$1')
    .replace(/'/g, '')
    .replace(/([a-z0-9])-(?=[a-z0-9])/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4' };

/**
 * Roman numerals as digits, so that "Blacktron I" meets "Blacktron 1" and "Knights Kingdom II"
 * meets "Knights Kingdom 2". A lone "i" only where a numeral can stand (before " - ", ",", ")" or
 * at the end), since elsewhere it is a word ("I Heart NY", Polish "and").
 */
export function romanToDigits(folded: string): string {
  return folded.replace(/\b(ii|iii|iv)\b/g, (m) => ROMAN[m] ?? m).replace(/\bi\b(?=\s*(?: - |,|\)|$))/g, '1');
}

/**
 * A light plural stemmer, applied to both sides: "legs" -> "leg", "accessories" -> "accessory",
 * "jabbas" -> "jabba". It need not produce real words, only the same token on both sides.
 */
export function stem(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), or max + 1 once above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      }
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** Character trigrams of a word padded with spaces, as pg_trgm pads them ("  ab", " ab", "ab "). */
export function trigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}
