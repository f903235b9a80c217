export interface StoredHeadline {
  priceUsd: number;
  basis: string;
  listings: number;
}

/** A figure's stored headline rows on some days: `?` the figure, `?` the days (YYYY-MM-DD). */
export const STORED_HEADLINES_SQL = `select condition, to_char(date, 'YYYY-MM-DD') as d, price_usd, basis, listing_count as n
  from headline_prices where minifigure_id = ? and date = any(?::date[])`;

export interface StoredHeadlineRow {
  condition: string;
  d: string;
  /** numeric: a string read directly, a number from JSON. */
  price_usd: string | number;
  basis: string;
  n: number;
}

/** Rows of STORED_HEADLINES_SQL keyed "condition:day". */
export function storedHeadlineMap(rows: StoredHeadlineRow[]): Map<string, StoredHeadline> {
  return new Map(
    rows.map((r) => [
      `${r.condition}:${r.d}`,
      { priceUsd: Number(r.price_usd), basis: r.basis, listings: r.n },
    ]),
  );
}
