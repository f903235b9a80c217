import { Migration } from '@mikro-orm/migrations';

/**
 * The daily snapshot now counts the sales of each condition (`metadata.by_condition.<c>.sold_count`)
 * for the `history` chart's sales strip. Snapshots written before have no such count (the chart
 * leaves their days without a bar); the refresh state loses its watermark so that the next refresh
 * is a full one and recomputes every snapshot with it. No schema change: nothing to undo.
 */
export class Migration20261208010000_snapshot_sales extends Migration {
  override async up(): Promise<void> {
    this.addSql('update snapshot_refresh_state set watermark = null;');
  }

  override async down(): Promise<void> {}
}
