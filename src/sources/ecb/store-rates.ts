import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ExchangeRateRow,
  type RateUpsertCounts,
  upsertExchangeRates,
} from '../../db/repositories/exchange-rates.js';
import type { EcbDay } from './types.js';
import { toUsdRates } from './usd-rates.js';

export interface StoreSummary extends RateUpsertCounts {
  days: number;
  /** Rates written or confirmed, USD and EUR included. */
  rates: number;
  /** Days that could not be re-based to USD (no USD quote). */
  skippedDays: string[];
}

export interface StoreOptions {
  /** Days per statement: 250 days is about 8,000 rows, one round-trip. */
  batchDays?: number;
  onProgress?: (daysDone: number, daysTotal: number) => void;
}

/**
 * Re-bases ECB days to USD and upserts them batch by batch; each batch is one statement, so an
 * interrupted backfill keeps what it wrote and a rerun completes it without duplicates.
 */
export async function storeEcbDays(
  em: EntityManager,
  days: EcbDay[],
  opts: StoreOptions = {},
): Promise<StoreSummary> {
  const batchDays = opts.batchDays ?? 250;
  const summary: StoreSummary = {
    days: days.length,
    rates: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skippedDays: [],
  };
  opts.onProgress?.(0, days.length);
  for (let start = 0; start < days.length; start += batchDays) {
    const rows: ExchangeRateRow[] = [];
    for (const day of days.slice(start, start + batchDays)) {
      const rates = toUsdRates(day);
      if (rates.length === 0) summary.skippedDays.push(day.date);
      rows.push(...rates);
    }
    const counts = await upsertExchangeRates(em, rows);
    summary.rates += rows.length;
    summary.inserted += counts.inserted;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    opts.onProgress?.(Math.min(start + batchDays, days.length), days.length);
  }
  return summary;
}
