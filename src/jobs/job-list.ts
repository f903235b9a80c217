import type { SourceFolder } from '../sources/source.js';

/**
 * Every background job, in one list: its name, its Bree worker entry file, its default schedule and
 * what follows it. Configuration overrides a schedule with SCHEDULE_<NAME> (see scheduleVariable);
 * nothing else decides which jobs exist. A price source's job is its folder (`source`), imported
 * by its line itself, so adding a source is the folder plus that line: its settings join the
 * configuration, and the one source run loop runs it. A folder's index.ts imports only zod (its
 * source.ts is loaded when the job runs), so this list stays free of heavy imports and config.ts
 * can read it. Other job bodies live in src/jobs/<name>.ts, loaded by name (registry.ts).
 */
export interface JobSpec {
  readonly name: string;
  /** The Bree worker entry file, relative to the repository root (a source's job: SOURCE_ENTRY). */
  readonly entry?: string;
  /** A price source's folder (src/sources/<name>/index.ts). */
  readonly source?: SourceFolder;
  /** A cron expression ('30 16 * * *') or a later.js text schedule ('every 1 hour'). */
  readonly schedule: string;
  /** Run once when the scheduler starts, besides the schedule. */
  readonly runAtStart?: boolean;
  /** The job to start after a run of this one whose summary satisfies `when`. */
  readonly followedBy?: { readonly job: string; readonly when: 'wrote-listings' | 'ran' };
}

const REFRESH_AFTER_INGEST = { job: 'refresh-snapshots', when: 'wrote-listings' } as const;

/** The worker entry file of every price source's job. */
export const SOURCE_ENTRY = 'jobs/source.ts';

export const JOB_LIST = [
  {
    name: 'bricklink',
    source: (await import('../sources/bricklink/index.js')).default,
    schedule: 'every 1 hour',
    followedBy: REFRESH_AFTER_INGEST,
  },
  // Set inventories asked for in chat, within minutes; a run with nothing asked makes no call.
  { name: 'bricklink-sets', entry: 'jobs/bricklink-sets.ts', schedule: 'every 2 minutes' },
  {
    name: 'ebay',
    source: (await import('../sources/ebay/index.js')).default,
    schedule: 'every 1 hour',
    followedBy: REFRESH_AFTER_INGEST,
  },
  { name: 'brickset', source: (await import('../sources/brickset/index.js')).default, schedule: '0 3 * * *' },
  {
    name: 'lego',
    source: (await import('../sources/lego/index.js')).default,
    schedule: '0 */6 * * *',
    followedBy: REFRESH_AFTER_INGEST,
  },
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
export function scheduleVariable(name: string): `SCHEDULE_${string}` {
  return `SCHEDULE_${name.toUpperCase().replaceAll('-', '_')}`;
}

export function jobSpec(name: JobName): JobSpec {
  return JOB_LIST.find((j) => j.name === name) as JobSpec;
}

/** A job's worker entry file, relative to the repository root. */
export function entryOf(spec: JobSpec): string {
  return spec.entry ?? SOURCE_ENTRY;
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}
