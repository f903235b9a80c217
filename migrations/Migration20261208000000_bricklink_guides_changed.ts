import { Migration } from '@mikro-orm/migrations';

/**
 * `price` shows BrickLink's own price guide beside ours, a read kept until its table changes
 * (src/cache/until-changed.ts): the BrickLink job's writes of a guide notify as the other chat
 * read tables do (Migration20261207160000_chat_reads_changed).
 */
export class Migration20261208000000_bricklink_guides_changed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create trigger chat_reads_changed after insert or update or delete or truncate on bricklink_price_guides
      for each statement execute function notify_chat_reads_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists chat_reads_changed on bricklink_price_guides;');
  }
}
