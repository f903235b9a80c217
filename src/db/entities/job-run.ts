import { defineEntity } from '@mikro-orm/core';

export const JOB_OUTCOMES = ['running', 'succeeded', 'failed', 'skipped'] as const;

/** One run of a background job: when, how it ended, and what it counted. */
export const JobRun = defineEntity({
  name: 'JobRun',
  tableName: 'job_runs',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    job: p.string(),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    outcome: p.enum([...JOB_OUTCOMES]).default('running'),
    /** Why a run did nothing: another instance held the lock, or the source is not configured. */
    skipReason: p.string().nullable(),
    fetched: p.integer().nullable(),
    inserted: p.integer().nullable(),
    duplicates: p.integer().nullable(),
    unmatched: p.integer().nullable(),
    errors: p.integer().nullable(),
    apiCalls: p.integer().nullable(),
    summary: p.json<Record<string, unknown>>().default('{}'),
    error: p.text().nullable(),
    host: p.string().nullable(),
  }),
});
