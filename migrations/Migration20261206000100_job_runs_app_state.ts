import { Migration } from '@mikro-orm/migrations';

/**
 * job_runs: one row per run of a background job (the seed schema's deferred "scraping jobs
 * table"), which `minifig status` and /healthz read to show a stuck pipeline. Kept for 90 days.
 *
 * app_state: small facts the whole service shares across processes, by key: whether the bundled
 * demo prices are loaded, when the scheduler last started.
 */
export class Migration20261206000100_job_runs_app_state extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table job_runs (
        id bigserial primary key,
        job text not null,
        started_at timestamptz not null,
        ended_at timestamptz,
        outcome text not null default 'running'
          check (outcome in ('running', 'succeeded', 'failed', 'skipped')),
        skip_reason text,
        fetched integer,
        inserted integer,
        duplicates integer,
        unmatched integer,
        errors integer,
        api_calls integer,
        summary jsonb not null default '{}',
        error text,
        host text
      );`);
    this.addSql('create index job_runs_job_started_idx on job_runs (job, started_at desc);');
    this.addSql(`
      create table app_state (
        key text primary key,
        value jsonb not null,
        updated_at timestamptz not null default now()
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists app_state;');
    this.addSql('drop table if exists job_runs;');
  }
}
