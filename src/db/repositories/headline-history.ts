import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface StoredHeadline {
  priceUsd: number;
  basis: string;
  listings: number;
}

/** A figure's stored headline rows on the given days (YYYY-MM-DD), keyed "condition:day". */
export async function storedHeadlinesOn(
  em: EntityManager,
  minifigureId: string,
  days: string[],
): Promise<Map<string, StoredHeadline>> {
  const rows = await query<{ condition: string; d: string; price_usd: string; basis: string; n: number }[]>(
    em,
    `select condition, to_char(date, 'YYYY-MM-DD') as d, price_usd, basis, listing_count as n from headline_prices
     where minifigure_id = ? and date = any(?::date[])`,
    [minifigureId, days],
  );
  return new Map(
    rows.map((r) => [
      `${r.condition}:${r.d}`,
      { priceUsd: Number(r.price_usd), basis: r.basis, listings: r.n },
    ]),
  );
}
