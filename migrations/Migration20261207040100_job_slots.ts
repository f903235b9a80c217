import { Migration } from '@mikro-orm/migrations';

/**
 * job_slots: which instance took each scheduled run of each job. Every replica's scheduler fires at
 * the same instants (schedules are clock-aligned); the first to insert (job, slot) runs the job, the
 * others skip it, so a job runs once per slot however many replicas there are. Kept a week.
 */
export class Migration20261207040100_job_slots extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table job_slots (
        job text not null,
        slot timestamptz not null,
        host text not null,
        pid integer not null,
        claimed_at timestamptz not null default now(),
        primary key (job, slot)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists job_slots;');
  }
}
