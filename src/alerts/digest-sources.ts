/**
 * Where the digest's figures come from: the market analytics (src/analytics/movers.ts), read from
 * the headline prices the snapshot refresh stores, mapped onto the digest payload's shapes (which
 * the `movers` reply builder also takes, so a digest shows movers exactly as the command does).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { marketMovers } from '../analytics/movers.js';
import { LOW_CONFIDENCE_BELOW } from '../analytics/outlier-rule.js';
import type { Mover as AnalyticsMover, FigureInfo } from '../analytics/types.js';
import type { Mover, MoverPeriod } from '../deps.js';
import type { DigestMostListed, DigestNewLow, FigureFacts } from './types.js';

export interface DigestFigures {
  gainers: Mover[];
  losers: Mover[];
  /** Listings required at both ends of a move. */
  minSamples: number;
  newLows: DigestNewLow[];
  /** The headline day the figures are for, or null before the first refresh. */
  asOf: string | null;
}

export interface DigestSources {
  /** Movers and new lows over `period`. */
  movers(q: { period: MoverPeriod; theme?: string; limit: number }): Promise<DigestFigures>;
  mostListed(q: { period: MoverPeriod; theme?: string; limit: number }): Promise<DigestMostListed[]>;
}

function facts(f: FigureInfo): FigureFacts {
  return { id: f.minifigureId, itemNo: f.itemNo, name: f.name, theme: f.theme, year: null };
}

function mover(m: AnalyticsMover): Mover {
  return {
    figure: facts(m),
    condition: m.condition,
    before: m.start.priceUsd,
    after: m.end.priceUsd,
    change: m.change,
    samplesBefore: m.start.listingCount,
    samplesAfter: m.end.listingCount,
  };
}

export function analyticsDigestSources(em: EntityManager): DigestSources {
  return {
    async movers(q) {
      const r = await marketMovers(em, { ...q, minListings: LOW_CONFIDENCE_BELOW });
      return {
        gainers: r.gainers.map(mover),
        losers: r.losers.map(mover),
        minSamples: r.minListings,
        asOf: r.asOf,
        newLows: r.newLows.map((l) => ({
          figure: facts(l),
          condition: l.condition,
          price: l.end.priceUsd,
          previousLow: l.previousLowUsd,
          listingCount: l.end.listingCount,
        })),
      };
    },
    async mostListed(q) {
      const r = await marketMovers(em, { ...q, minListings: LOW_CONFIDENCE_BELOW });
      return r.mostListed.map((m) => ({ figure: facts(m), condition: m.condition, listings: m.listings }));
    },
  };
}
