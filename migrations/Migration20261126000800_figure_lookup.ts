import { Migration } from '@mikro-orm/migrations';

/**
 * Chat looks figures up by item number as people type them: any case ("SW0001"), and by prefix
 * while typing (autocomplete "sw00"). An expression index on lower(set_number) with
 * text_pattern_ops serves both `lower(set_number) = ?` and `lower(set_number) like 'sw00%'`
 * whatever the database collation (a plain index serves LIKE prefixes only under the C collation).
 */
export class Migration20261126000800_figure_lookup extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index idx_minifigures_set_number_lower on minifigures (lower(set_number) text_pattern_ops);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists idx_minifigures_set_number_lower;');
  }
}
