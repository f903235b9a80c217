import type { EntityManager } from '@mikro-orm/postgresql';
import type { Condition, StoredHeadline } from '../../deps.js';

/**
 * Stored daily headline prices of figure/condition pairs between two days, in one statement on
 * headline_prices' primary key (minifigure_id, condition, date), partition by partition.
 */
export async function storedHeadlines(
  em: EntityManager,
  pairs: readonly { figureId: string; condition: Condition }[],
  from: string,
  to: string,
): Promise<StoredHeadline[]> {
  if (pairs.length === 0) return [];
  const rows = await em
    .getConnection()
    .execute<{ figureId: string; condition: Condition; date: string; price: string }[]>(
      `select h.minifigure_id as "figureId", h.condition, to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd as price
     from jsonb_to_recordset(?::jsonb) as p(figure_id uuid, condition text)
     join headline_prices h on h.minifigure_id = p.figure_id and h.condition = p.condition
     where h.date between ?::date and ?::date`,
      [JSON.stringify(pairs.map((p) => ({ figure_id: p.figureId, condition: p.condition }))), from, to],
    );
  return rows.map((r) => ({ ...r, price: Number(r.price) }));
}
