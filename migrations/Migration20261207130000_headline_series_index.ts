import { Migration } from '@mikro-orm/migrations';

/**
 * A covering index of every stored headline by figure, condition and day, with its price, for
 * values over time (`watch value`): the daily headlines of a collection's figures read from the
 * index alone.
 *
 * Why: the refresh writes a day's rows for all figures together, so one figure's days lie on as
 * many heap pages as it has rows. Reading 200 figures over 120 days through the primary key then
 * fetched some 26,000 scattered heap pages (about 1.3 s on the benchmark machine); from this index
 * it is about 8,500 index pages and no heap. The partial index of sold headlines (the lows) does
 * not serve here: a collection is valued at every basis.
 */
export class Migration20261207130000_headline_series_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists idx_headline_prices_series on headline_prices
      (minifigure_id, condition, date) include (price_usd);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists idx_headline_prices_series;');
  }
}
