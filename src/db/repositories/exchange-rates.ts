import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/** Units of `currency` per 1 USD on `date` (YYYY-MM-DD); `rate` is a decimal string. */
export interface ExchangeRateRow {
  date: string;
  currency: string;
  rate: string;
}

export interface RateUpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts new (date, currency) rates and corrects changed ones, in one statement. Unchanged rows
 * are not written at all, so re-running a backfill or the daily job writes nothing and says so.
 */
export async function upsertExchangeRates(
  em: EntityManager,
  rows: ExchangeRateRow[],
  source = 'ECB',
): Promise<RateUpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const [row] = await query<{ inserted: string; updated: string }[]>(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb) as r(date date, currency text, rate numeric)
     ), written as (
       insert into exchange_rates as e (date, currency, rate, source)
       select date, currency, rate, ? from input
       on conflict (date, currency) do update set
         rate = excluded.rate, source = excluded.source, fetched_at = now()
       where e.rate is distinct from excluded.rate
       returning (xmax = 0) as inserted
     )
     select count(*) filter (where inserted) as inserted,
            count(*) filter (where not inserted) as updated
     from written`,
    [JSON.stringify(rows), source],
  );
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}

/**
 * Every stored rate of the given currencies that a listing dated between `from` and `to` could
 * need: the rates inside the range, plus for each currency the last one published on or before
 * `from` (a listing on a Sunday uses Friday's rate). Sorted by currency, then date. One query.
 */
export async function ratesForRange(
  em: EntityManager,
  currencies: string[],
  from: string,
  to: string,
): Promise<ExchangeRateRow[]> {
  if (currencies.length === 0) return [];
  return query<ExchangeRateRow[]>(
    em,
    `with wanted as (select jsonb_array_elements_text(?::jsonb) as currency),
     starts as (
       select w.currency,
              coalesce((select max(e.date) from exchange_rates e
                        where e.currency = w.currency and e.date <= ?::date), ?::date) as start
       from wanted w
     )
     select to_char(e.date, 'YYYY-MM-DD') as date, trim(e.currency) as currency, e.rate::text as rate
     from starts s
     join exchange_rates e on e.currency = s.currency and e.date between s.start and ?::date
     order by e.currency, e.date`,
    [JSON.stringify(currencies), from, from, to],
  );
}

/** Currencies that have at least one stored rate, to tell "unknown currency" from "no rate yet". */
export async function knownCurrencies(em: EntityManager, currencies: string[]): Promise<Set<string>> {
  if (currencies.length === 0) return new Set();
  const rows = await query<{ currency: string }[]>(
    em,
    `select w.currency from jsonb_array_elements_text(?::jsonb) as w(currency)
     where exists (select 1 from exchange_rates e where e.currency = w.currency)`,
    [JSON.stringify(currencies)],
  );
  return new Set(rows.map((r) => r.currency));
}

/** The rate of `currency` on `date`, or the last one published before it; null when none is. */
export async function rateOnOrBefore(
  em: EntityManager,
  currency: string,
  date: string,
): Promise<(ExchangeRateRow & { source: string }) | null> {
  const rows = await query<(ExchangeRateRow & { source: string })[]>(
    em,
    `select to_char(date, 'YYYY-MM-DD') as date, trim(currency) as currency, rate::text as rate, source
     from exchange_rates where currency = ? and date <= ?::date
     order by date desc limit 1`,
    [currency, date],
  );
  return rows[0] ?? null;
}

/** Every stored rate of the `days` days up to the newest stored date, for showing prices in other currencies. */
export async function recentRates(em: EntityManager, days: number): Promise<ExchangeRateRow[]> {
  return query<ExchangeRateRow[]>(
    em,
    `select to_char(date, 'YYYY-MM-DD') as date, trim(currency) as currency, rate::text as rate
     from exchange_rates
     where date >= (select max(date) from exchange_rates) - ?::int`,
    [days],
  );
}

/** Whether any rate is stored at all (a fresh database has none until the fx job or a backfill). */
export async function hasExchangeRates(em: EntityManager): Promise<boolean> {
  const rows = await query<{ any: boolean }[]>(em, 'select exists (select 1 from exchange_rates) as any');
  return rows[0]?.any === true;
}
