import { Migration } from '@mikro-orm/migrations';

/**
 * headline_lows keeps, beside each group's 90-day low, the window's ascending minima: every
 * sold-based headline of the window lower than all later ones, in day order. The first is the low.
 * Sliding the window a day then needs only the stored minima and the day that enters: minima before
 * the window's new start drop off the front, those not below the entering price drop off the back,
 * and the entering price joins at the end (the monotonic-queue sliding minimum).
 *
 * Before, a day's slide regrouped every group whose low might be the day leaving, 90 headlines each
 * (2,480 groups at full scale, 14 weekly partitions probed for each: 0.15 s with their index cached,
 * 1.0 s right after a rebuild; the whole statement took 500 ms at best, now 360 ms). The
 * covering index that served that regrouping is dropped: nothing else reads it, and every headline
 * row written paid for it. A figure whose earlier headlines changed is still regrouped, by its
 * primary key.
 *
 * Every row changes every day (its minima gain the new day), so pages are left half empty: the
 * new version of a row then fits beside the old one, a HOT update that leaves the primary key alone
 * (measured on the 36,000 rows of the benchmark: 368 ms -> 281 ms for the day's slide).
 *
 * The new columns start empty; the next refresh computes the lows in full, because sliding needs
 * every group's minima (headlineLowsAsOf).
 */
export class Migration20261127000200_lows_minima extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table headline_lows add column minima_dates date[], add column minima_prices numeric(12, 4)[],
         set (fillfactor = 50);`,
    );
    this.addSql('drop index if exists idx_headline_prices_sold_lows;');
  }

  override async down(): Promise<void> {
    this.addSql(
      'alter table headline_lows drop column minima_dates, drop column minima_prices, reset (fillfactor);',
    );
    // As Migration20261126000900_headline_lows_index made it (on the partitioned table since then).
    this.addSql(
      `create index idx_headline_prices_sold_lows on headline_prices (minifigure_id, condition, date)
         include (price_usd) where basis = 'sold-30d';`,
    );
  }
}
