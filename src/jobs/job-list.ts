/**
 * Every background job, in one list: its name, its Bree worker entry file, its default schedule and
 * what follows it. Configuration overrides a schedule with SCHEDULE_<NAME> (see scheduleVariable);
 * nothing else decides which jobs exist. The job bodies live in src/jobs/<name>.ts and are loaded
 * by name (registry.ts), so this list stays free of heavy imports and config.ts can read it.
 */
export interface JobSpec {
  readonly name: string;
  /** The Bree worker entry file, relative to the repository root. */
  readonly entry: string;
  /** A cron expression ('30 16 * * *') or a later.js text schedule ('every 1 hour'). */
  readonly schedule: string;
  /** Run once when the scheduler starts, besides the schedule. */
  readonly runAtStart?: boolean;
  /** The job to start after a run of this one whose summary satisfies `when`. */
  readonly followedBy?: { readonly job: string; readonly when: 'wrote-listings' | 'ran' };
}

const REFRESH_AFTER_INGEST = { job: 'refresh-snapshots', when: 'wrote-listings' } as const;

export const JOB_LIST = [
  {
    name: 'bricklink',
    entry: 'jobs/bricklink.ts',
    schedule: 'every 1 hour',
    followedBy: REFRESH_AFTER_INGEST,
  },
  // Set inventories asked for in chat, within minutes; a run with nothing asked makes no call.
  { name: 'bricklink-sets', entry: 'jobs/bricklink-sets.ts', schedule: 'every 2 minutes' },
  { name: 'ebay', entry: 'jobs/ebay.ts', schedule: 'every 1 hour', followedBy: REFRESH_AFTER_INGEST },
  { name: 'brickset', entry: 'jobs/brickset.ts', schedule: '0 3 * * *' },
  { name: 'lego', entry: 'jobs/lego.ts', schedule: '0 */6 * * *', followedBy: REFRESH_AFTER_INGEST },
  // ECB publishes around 16:00 CET on TARGET business days.
  { name: 'fx', entry: 'jobs/fx.ts', schedule: '30 16 * * *' },
  {
    name: 'refresh-snapshots',
    entry: 'jobs/refresh-snapshots.ts',
    schedule: 'every 1 hour',
    // Headlines of the days that began while the service was down are stored before anyone asks.
    runAtStart: true,
    followedBy: { job: 'evaluate-alerts', when: 'ran' },
  },
  { name: 'evaluate-alerts', entry: 'jobs/evaluate-alerts.ts', schedule: 'every 15 minutes' },
  // Each channel's digest goes out at its own local time; the job looks every minute.
  { name: 'daily-digest', entry: 'jobs/daily-digest.ts', schedule: 'every 1 minute' },
] as const satisfies readonly JobSpec[];

export type JobName = (typeof JOB_LIST)[number]['name'];
export const JOB_NAMES: readonly JobName[] = JOB_LIST.map((j) => j.name);

/** The environment variable that overrides a job's schedule: SCHEDULE_REFRESH_SNAPSHOTS. */
export function scheduleVariable(name: JobName): `SCHEDULE_${string}` {
  return `SCHEDULE_${name.toUpperCase().replaceAll('-', '_')}`;
}

export function jobSpec(name: JobName): JobSpec {
  return JOB_LIST.find((j) => j.name === name) as JobSpec;
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}
