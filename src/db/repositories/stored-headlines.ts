import type { EntityManager } from '@mikro-orm/postgresql';
import type { Condition, StoredHeadline } from '../../deps.js';
import { pgPlainArray } from '../pg-array.js';
import { query } from './analytics-sql.js';

/**
 * Stored daily headline prices of figure/condition pairs between two days, in one statement.
 *
 * Only the pairs asked for are read (a join to the unnested pairs, not every condition of every
 * figure), from the covering index idx_headline_prices_series alone: the refresh writes a day for
 * all figures at once, so through the primary key each row was another heap page. Each pair comes
 * back as one row with its days and prices as arrays, which node-postgres parses far faster than
 * thousands of rows.
 */
export async function storedHeadlines(
  em: EntityManager,
  pairs: readonly { figureId: string; condition: Condition }[],
  from: string,
  to: string,
): Promise<StoredHeadline[]> {
  if (pairs.length === 0) return [];
  const unique = [...new Map(pairs.map((p) => [`${p.figureId}:${p.condition}`, p])).values()];
  const rows = await query<{ figureId: string; condition: Condition; days: number[]; prices: string[] }[]>(
    em,
    `select w.figure_id as "figureId", w.condition,
            array_agg(h.date - ?::date order by h.date) as days,
            array_agg(h.price_usd order by h.date) as prices
     from unnest(?::uuid[], ?::text[]) as w(figure_id, condition)
     join headline_prices h on h.minifigure_id = w.figure_id and h.condition = w.condition
     where h.date between ?::date and ?::date
     group by w.figure_id, w.condition`,
    [
      from,
      pgPlainArray(unique.map((p) => p.figureId)),
      pgPlainArray(unique.map((p) => p.condition)),
      from,
      to,
    ],
  );
  const start = Date.parse(`${from}T00:00:00Z`);
  const dayNames = new Map<number, string>();
  const dayName = (offset: number) => {
    let name = dayNames.get(offset);
    if (name === undefined) {
      name = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
      dayNames.set(offset, name);
    }
    return name;
  };
  const out: StoredHeadline[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.days.length; i++) {
      out.push({
        figureId: r.figureId,
        condition: r.condition,
        date: dayName(r.days[i] as number),
        price: Number(r.prices[i]),
      });
    }
  }
  return out;
}
