import { Migration } from '@mikro-orm/migrations';

/**
 * A price paid is kept as it was given, with its currency (`watch add sw0002 paid:50 EUR`, or a
 * bare amount in the user's currency), as alerts keep their thresholds:
 * - `price_paid`: the amount as given, in `paid_currency`;
 * - `price_paid_usd`: still the amount in USD, now at the ECB rate of `paid_on`, the UTC day the
 *   price was given (the amount itself when it is in USD);
 * - `paid_on`: null for prices stored before, which were all USD (shown at the latest rate, as
 *   they were).
 * Existing prices become USD amounts as given.
 */
export class Migration20261208020000_watchlist_paid_currency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table watchlist_items
        add column price_paid numeric(12, 4) check (price_paid >= 0),
        add column paid_currency text not null default 'USD' check (paid_currency ~ '^[A-Z]{3}$'),
        add column paid_on date;`);
    this.addSql('update watchlist_items set price_paid = price_paid_usd where price_paid_usd is not null;');
    this.addSql(`
      alter table watchlist_items add constraint watchlist_items_paid_usd
        check ((price_paid is null) = (price_paid_usd is null));`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table watchlist_items drop constraint watchlist_items_paid_usd;');
    this.addSql(`
      alter table watchlist_items
        drop column paid_on,
        drop column paid_currency,
        drop column price_paid;`);
  }
}
