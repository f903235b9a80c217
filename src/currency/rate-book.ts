/**
 * ECB rates against USD held in memory, one ascending series per currency, for showing prices in
 * another currency. A day's figure is converted at that day's rate, or the last one ECB published
 * before it (weekends, TARGET holidays). Lookups are a binary search: converting every point of a
 * 365-day chart costs microseconds, never a query.
 */

/** Units of a currency per 1 USD, as stored in exchange_rates, and the ECB date it is from. */
export interface UsdRate {
  rate: number;
  date: string;
}

export interface RateRow {
  date: string;
  currency: string;
  rate: string | number;
}

interface Series {
  dates: string[];
  rates: number[];
}

export class RateBook {
  private readonly series = new Map<string, Series>();

  constructor(rows: Iterable<RateRow>) {
    const grouped = new Map<string, RateRow[]>();
    for (const r of rows) {
      const code = r.currency.trim();
      const list = grouped.get(code) ?? [];
      list.push(r);
      grouped.set(code, list);
    }
    for (const [code, list] of grouped) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      this.series.set(code, { dates: list.map((r) => r.date), rates: list.map((r) => Number(r.rate)) });
    }
  }

  /** The rate of `code` on `date` (YYYY-MM-DD), or the last one before it; undefined when none is stored. */
  on(code: string, date: string): UsdRate | undefined {
    if (code === 'USD') return { rate: 1, date };
    const s = this.series.get(code);
    if (!s) return undefined;
    let lo = 0;
    let hi = s.dates.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((s.dates[mid] as string) <= date) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : { rate: s.rates[found] as number, date: s.dates[found] as string };
  }

  /** The newest rate of `code`; undefined when none is stored. */
  latest(code: string): UsdRate | undefined {
    if (code === 'USD') return { rate: 1, date: '' };
    const s = this.series.get(code);
    const i = s ? s.dates.length - 1 : -1;
    return s && i >= 0 ? { rate: s.rates[i] as number, date: s.dates[i] as string } : undefined;
  }

  has(code: string): boolean {
    return code === 'USD' || this.series.has(code);
  }
}
