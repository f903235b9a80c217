import { Migration } from '@mikro-orm/migrations';

const PERIODS = [1, 7, 30];

/** One period's start columns: set only when the move is comparable (same basis, start price above 0). */
function startColumns(days: number): string {
  const s = `s${days}`;
  const comparable = `${s}.basis = e.basis and ${s}.price_usd > 0`;
  return `
    case when ${comparable} then ((e.price_usd - ${s}.price_usd) / ${s}.price_usd)::float8 end as change_${days}d,
    case when ${comparable} then ${s}.price_usd end as start_price_${days}d,
    case when ${comparable} then ${s}.listing_count end as start_n_${days}d,
    case when ${comparable} then ${s}.low_confidence end as start_low_${days}d`;
}

function startJoin(days: number): string {
  const s = `s${days}`;
  return `left join headline_prices ${s} on ${s}.minifigure_id = e.minifigure_id
    and ${s}.condition = e.condition and ${s}.date = (select day from latest) - ${days}`;
}

/**
 * movers_latest: what movers need of the latest as-of day, one row per figure and condition with a
 * headline that day: its end, and per period (1, 7, 30 days) the change since the start day and
 * that start, plus how it stands against its 90-day low (headline_lows). Every movers call used to
 * join the day's 36,000 headline rows with the start day's and with the lows, then sort them
 * (134 ms a call at full scale); the refresh now computes this once (REFRESH MATERIALIZED VIEW,
 * which also rebuilds the indexes in one sorted pass), and each list is a walk down one of these
 * indexes that stops after `limit` rows.
 *
 * The definitions are the live query's (src/db/repositories/movers.ts), which a test holds them to:
 * change_Nd only between prices of the same basis with a start price above 0; low_ratio is a
 * sold-based price over its 90-day low when below it (a new low, given enough priced_days).
 */
export class Migration20261126001000_movers_latest extends Migration {
  override async up(): Promise<void> {
    for (const sql of createMoversLatest()) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop materialized view if exists movers_latest;');
  }
}

/**
 * The view and its indexes; a later migration that rebuilds headline_prices recreates them, and one
 * that adds columns to headline_prices names those the view carries too (`extraColumns`).
 */
export function createMoversLatest(extraColumns: readonly string[] = []): string[] {
  const sql = [
    `create materialized view movers_latest as
      with latest as (select max(date) as day from headline_prices)
      select e.minifigure_id, e.condition, e.date as as_of,
             e.price_usd as end_price, e.basis as end_basis, e.listing_count as end_n,
             e.low_confidence as end_low, e.listings_1d, e.listings_7d, e.listings_30d,
             ${extraColumns.map((c) => `e.${c},`).join(' ')}
             ${PERIODS.map(startColumns).join(',')},
             case when e.basis = 'sold-30d' and e.price_usd < l.low_90d_usd
               then (e.price_usd / l.low_90d_usd)::float8 end as low_ratio,
             l.low_90d_usd as previous_low, l.priced_days
      from headline_prices e
      ${PERIODS.map(startJoin).join('\n')}
      left join headline_lows l on l.minifigure_id = e.minifigure_id and l.condition = e.condition
        and l.as_of = e.date
      where e.date = (select day from latest);`,
  ];
  for (const days of PERIODS) {
    sql.push(
      `create index idx_movers_latest_change_${days}d on movers_latest (change_${days}d)
           where change_${days}d is not null;`,
    );
    sql.push(`create index idx_movers_latest_listings_${days}d on movers_latest (listings_${days}d);`);
  }
  sql.push(
    'create index idx_movers_latest_low_ratio on movers_latest (low_ratio) where low_ratio is not null;',
  );
  return sql;
}
