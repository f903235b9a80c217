import { Migration } from '@mikro-orm/migrations';

/**
 * The sets catalogue (BrickLink's Sets download) and what each set holds.
 *
 * sets: one row per BrickLink set number ("75192-1"); `number` is the part before the variant
 * ("75192"), what people type. Brickset adds the retail prices and the day the set left LEGO's
 * shelves; `inventory_requested_at` marks a set somebody asked for in chat, so the bricklink job
 * fetches its inventory first.
 *
 * set_minifigures: the minifigure entries of a set's BrickLink inventory (GET /items/SET/{no}/subsets)
 * with their quantities. `minifigure_id` is null for an item the figure catalogue does not know
 * yet. sets.inventory_fetched_at says when the whole inventory was last fetched (an empty inventory
 * is a fetched one with no rows here).
 */
export class Migration20261207020000_sets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table sets (
        set_no text primary key,
        number text not null,
        name text not null,
        theme text,
        year_released smallint,
        metadata jsonb not null default '{}',
        retail_usd numeric(10, 2),
        retail_gbp numeric(10, 2),
        retail_eur numeric(10, 2),
        launch_date date,
        exit_date date,
        brickset_fetched_at timestamptz,
        inventory_fetched_at timestamptz,
        inventory_requested_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create index idx_sets_number_lower on sets (lower(number) text_pattern_ops);');
    this.addSql('create index idx_sets_set_no_lower on sets (lower(set_no) text_pattern_ops);');
    this.addSql("create index idx_sets_name_fts on sets using gin (to_tsvector('simple', name));");
    this.addSql(
      'create index idx_sets_inventory_requested on sets (inventory_requested_at) where inventory_requested_at is not null;',
    );
    this.addSql(`
      create table set_minifigures (
        set_no text not null references sets (set_no) on delete cascade,
        item_no text not null,
        minifigure_id uuid references minifigures (id) on delete set null,
        quantity integer not null check (quantity > 0),
        fetched_at timestamptz not null,
        primary key (set_no, item_no)
      );`);
    this.addSql('create index idx_set_minifigures_figure on set_minifigures (minifigure_id);');
    this.addSql('create index idx_set_minifigures_item_lower on set_minifigures (lower(item_no));');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists set_minifigures;');
    this.addSql('drop table if exists sets;');
  }
}
