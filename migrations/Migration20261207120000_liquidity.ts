import { Migration } from '@mikro-orm/migrations';
import { createMoversLatest } from './Migration20261126001000_movers_latest.js';

/**
 * Liquidity beside the headline (docs/prices.md): per stored headline, the sold listings of its
 * 30 days and the asking listings of the latest day with any ("listed now"). Stored by the refresh
 * with the headline, from the same listings, so `movers min-sales` filters on a column of
 * movers_latest instead of counting listings in price_listings per call.
 *
 * Rows written before this migration have zeros; the refresh state loses its watermark so that the
 * next refresh is a full one and recomputes every stored headline with the new figures.
 */
const LIQUIDITY_COLUMNS = ['sold_30d', 'listed_now'] as const;

export class Migration20261207120000_liquidity extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop materialized view if exists movers_latest;');
    for (const c of LIQUIDITY_COLUMNS) {
      this.addSql(
        `alter table headline_prices add column ${c} integer not null default 0 check (${c} >= 0);`,
      );
    }
    for (const sql of createMoversLatest(LIQUIDITY_COLUMNS)) this.addSql(sql);
    this.addSql('update snapshot_refresh_state set watermark = null;');
  }

  override async down(): Promise<void> {
    this.addSql('drop materialized view if exists movers_latest;');
    for (const c of LIQUIDITY_COLUMNS) this.addSql(`alter table headline_prices drop column ${c};`);
    for (const sql of createMoversLatest()) this.addSql(sql);
  }
}
