/**
 * Where the digest's figures come from. The digest asks this port only, so the interim queries
 * (computed from listings) can be replaced by the snapshots issue's analytics in this one file.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { interimMostListed, interimNewLows } from '../db/repositories/digest-data.js';
import { interimMovers } from '../db/repositories/interim-prices.js';
import type { MoverPeriod, MoversResult } from '../deps.js';
import type { DigestMostListed, DigestNewLow } from './types.js';

export interface DigestSources {
  movers(q: { period: MoverPeriod; theme?: string; limit: number }): Promise<MoversResult>;
  newLows(q: { theme?: string; days: number; limit: number }): Promise<DigestNewLow[]>;
  mostListed(q: { theme?: string; days: number; limit: number }): Promise<DigestMostListed[]>;
}

export function interimDigestSources(em: EntityManager, now: Date, minConfidence: number): DigestSources {
  return {
    movers: (q) => interimMovers(em, q, now, minConfidence),
    newLows: (q) => interimNewLows(em, { ...q, now, minConfidence }),
    mostListed: (q) => interimMostListed(em, { ...q, now, minConfidence }),
  };
}
