import { Migration20261126000100_initial_schema } from './Migration20261126000100_initial_schema.js';
import { Migration20261126000200_seed_data_sources } from './Migration20261126000200_seed_data_sources.js';
import { Migration20261126000300_timescaledb } from './Migration20261126000300_timescaledb.js';
import { Migration20261126000400_snapshot_analytics } from './Migration20261126000400_snapshot_analytics.js';
import { Migration20261126000500_ingestion } from './Migration20261126000500_ingestion.js';
import { Migration20261126000510_source_fetch_state } from './Migration20261126000510_source_fetch_state.js';
import { Migration20261126000600_alerting } from './Migration20261126000600_alerting.js';
import { Migration20261126000800_figure_lookup } from './Migration20261126000800_figure_lookup.js';
import { Migration20261126000900_headline_lows_index } from './Migration20261126000900_headline_lows_index.js';
import { Migration20261126001000_movers_latest } from './Migration20261126001000_movers_latest.js';
import { Migration20261127000100_headline_partitions } from './Migration20261127000100_headline_partitions.js';
import { Migration20261127000200_lows_minima } from './Migration20261127000200_lows_minima.js';
import { Migration20261206000100_job_runs_app_state } from './Migration20261206000100_job_runs_app_state.js';
import { Migration20261207010000_currency_preferences } from './Migration20261207010000_currency_preferences.js';
import { Migration20261207020000_sets } from './Migration20261207020000_sets.js';
import { Migration20261207040000_slack_installations } from './Migration20261207040000_slack_installations.js';
import { Migration20261207040100_job_slots } from './Migration20261207040100_job_slots.js';
import { Migration20261207100000_chat_platforms } from './Migration20261207100000_chat_platforms.js';
import { Migration20261207120000_liquidity } from './Migration20261207120000_liquidity.js';
import { Migration20261207130000_headline_series_index } from './Migration20261207130000_headline_series_index.js';
import { Migration20261207160000_chat_reads_changed } from './Migration20261207160000_chat_reads_changed.js';
import { Migration20261208000000_bricklink_guides_changed } from './Migration20261208000000_bricklink_guides_changed.js';
import { Migration20261208010000_snapshot_sales } from './Migration20261208010000_snapshot_sales.js';
import { Migration20261208020000_watchlist_paid_currency } from './Migration20261208020000_watchlist_paid_currency.js';

/**
 * Every migration in order. Listed explicitly (not globbed) so the same list works under tsx,
 * vitest and a compiled build, and so that a new migration is a reviewed one-line change here.
 */
export const migrationsList = [
  { name: 'Migration20261126000100_initial_schema', class: Migration20261126000100_initial_schema },
  { name: 'Migration20261126000200_seed_data_sources', class: Migration20261126000200_seed_data_sources },
  { name: 'Migration20261126000300_timescaledb', class: Migration20261126000300_timescaledb },
  { name: 'Migration20261126000400_snapshot_analytics', class: Migration20261126000400_snapshot_analytics },
  { name: 'Migration20261126000500_ingestion', class: Migration20261126000500_ingestion },
  { name: 'Migration20261126000510_source_fetch_state', class: Migration20261126000510_source_fetch_state },
  { name: 'Migration20261126000600_alerting', class: Migration20261126000600_alerting },
  { name: 'Migration20261126000800_figure_lookup', class: Migration20261126000800_figure_lookup },
  { name: 'Migration20261126000900_headline_lows_index', class: Migration20261126000900_headline_lows_index },
  { name: 'Migration20261126001000_movers_latest', class: Migration20261126001000_movers_latest },
  { name: 'Migration20261127000100_headline_partitions', class: Migration20261127000100_headline_partitions },
  { name: 'Migration20261127000200_lows_minima', class: Migration20261127000200_lows_minima },
  { name: 'Migration20261206000100_job_runs_app_state', class: Migration20261206000100_job_runs_app_state },
  {
    name: 'Migration20261207010000_currency_preferences',
    class: Migration20261207010000_currency_preferences,
  },
  { name: 'Migration20261207020000_sets', class: Migration20261207020000_sets },
  { name: 'Migration20261207040000_slack_installations', class: Migration20261207040000_slack_installations },
  { name: 'Migration20261207040100_job_slots', class: Migration20261207040100_job_slots },
  { name: 'Migration20261207100000_chat_platforms', class: Migration20261207100000_chat_platforms },
  { name: 'Migration20261207120000_liquidity', class: Migration20261207120000_liquidity },
  {
    name: 'Migration20261207130000_headline_series_index',
    class: Migration20261207130000_headline_series_index,
  },
  { name: 'Migration20261207160000_chat_reads_changed', class: Migration20261207160000_chat_reads_changed },
  {
    name: 'Migration20261208000000_bricklink_guides_changed',
    class: Migration20261208000000_bricklink_guides_changed,
  },
  { name: 'Migration20261208010000_snapshot_sales', class: Migration20261208010000_snapshot_sales },
  {
    name: 'Migration20261208020000_watchlist_paid_currency',
    class: Migration20261208020000_watchlist_paid_currency,
  },
];
