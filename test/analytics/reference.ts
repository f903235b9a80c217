/**
 * A deliberately plain reference implementation of the published statistics, written from the
 * definitions in docs/prices.md and independent of src/analytics: floats and sorted copies, no shared code.
 * Tests compare the real (SQL and optimised TypeScript) results with these.
 */

export interface RefListing {
  figure: string;
  /** UTC day 'YYYY-MM-DD'. */
  day: string;
  condition: 'new' | 'used';
  kind: 'sold' | 'asking';
  source: string;
  quantity: number;
  price: number;
  superseded?: boolean;
  confidence: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** The outlier rule as docs/prices.md states it. Returns the kept prices and how many were dropped. */
export function screen(prices: number[]): { kept: number[]; dropped: number } {
  if (prices.length < 3) return { kept: [...prices], dropped: 0 };
  const logs = prices.map((p) => Math.log(Math.max(p, 0.01)));
  const m = median(logs);
  const mad = median(logs.map((y) => Math.abs(y - m)));
  const limit = Math.max(3 * 1.4826 * mad, Math.log(1.5)) + 1e-9;
  const kept = prices.filter((_, i) => Math.abs((logs[i] as number) - m) <= limit);
  return { kept, dropped: prices.length - kept.length };
}

export const counted = (l: RefListing, threshold: number) => !l.superseded && l.confidence >= threshold;

export interface RefStats {
  min: number;
  max: number;
  avg: number;
  median: number;
  count: number;
  sources: number;
  dropped: number;
  units: number;
}

/** Snapshot figures for one figure-day: screened per condition, then summarised. */
export function refSnapshot(listings: RefListing[]): { all: RefStats; kept: RefListing[] } {
  const kept: RefListing[] = [];
  let dropped = 0;
  for (const condition of ['new', 'used'] as const) {
    const group = listings.filter((l) => l.condition === condition);
    const result = screen(group.map((l) => l.price));
    const remaining = [...result.kept];
    for (const l of group) {
      const at = remaining.indexOf(l.price);
      if (at >= 0) {
        remaining.splice(at, 1);
        kept.push(l);
      }
    }
    dropped += result.dropped;
  }
  return { all: { ...stats(kept), dropped }, kept };
}

export function stats(kept: RefListing[]): Omit<RefStats, 'dropped'> {
  const prices = kept.map((l) => l.price);
  return {
    min: Math.min(...prices),
    max: Math.max(...prices),
    avg: prices.reduce((a, b) => a + b, 0) / prices.length,
    median: median(prices),
    count: kept.length,
    sources: new Set(kept.map((l) => l.source)).size,
    units: kept.reduce((a, l) => a + l.quantity, 0),
  };
}

export function dayNumberOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

export interface RefHeadline {
  price: number;
  basis: string;
  count: number;
  dropped: number;
  low: boolean;
  listings1d: number;
  listings7d: number;
  listings30d: number;
  /** Liquidity: sold listings of the 30 days; asking listings of the latest of those days with any. */
  sold30d: number;
  listedNow: number;
}

/** The headline definition: sold 30 days, asking 30 days, sold 180 days, asking 180 days, else none. */
export function refHeadline(listings: RefListing[], condition: string, asOf: string): RefHeadline | null {
  const d = dayNumberOf(asOf);
  const mine = listings.filter((l) => l.condition === condition && dayNumberOf(l.day) <= d);
  const age = (l: RefListing) => d - dayNumberOf(l.day);
  const in30 = mine.filter((l) => age(l) < 30);
  for (const [basis, window, kind] of [
    ['sold-30d', 30, 'sold'],
    ['asking-30d', 30, 'asking'],
    ['sold-180d', 180, 'sold'],
    ['asking-180d', 180, 'asking'],
  ] as const) {
    const group = mine.filter((l) => l.kind === kind && age(l) < window).map((l) => l.price);
    if (group.length === 0) continue;
    const { kept, dropped } = screen(group);
    return {
      price: median(kept),
      basis,
      count: kept.length,
      dropped,
      low: kept.length < 5,
      listings1d: in30.filter((l) => age(l) === 0).length,
      listings7d: in30.filter((l) => age(l) < 7).length,
      listings30d: in30.length,
      sold30d: in30.filter((l) => l.kind === 'sold').length,
      listedNow: (() => {
        const asking = in30.filter((l) => l.kind === 'asking');
        const latest = asking.reduce((m, l) => (l.day > m ? l.day : m), '');
        return asking.filter((l) => l.day === latest).length;
      })(),
    };
  }
  return null;
}

/** Rounds like a numeric(12,4) column: to 4 decimals, half away from zero. */
export function round4(x: number): number {
  return Math.round((x + Number.EPSILON * Math.abs(x)) * 10_000) / 10_000;
}
