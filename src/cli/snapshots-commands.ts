import { type Command, InvalidArgumentError } from 'commander';
import { type RefreshPhase, type RefreshSummary, refreshSnapshots } from '../analytics/refresh.js';
import { loadConfig } from '../config.js';
import { executeJob } from '../jobs/execute-job.js';
import refreshJob from '../jobs/refresh-snapshots.js';
import { log } from '../log.js';
import { progressBars } from './progress.js';
import { withDatabase } from './with-database.js';

const LABELS: Record<RefreshPhase, string> = { snapshots: 'Snapshots', headlines: 'Headlines' };

export function registerSnapshotsCommands(program: Command, print: (text: string) => void): void {
  const snapshots = program.command('snapshots').description('Daily price snapshots and headline prices');

  snapshots
    .command('refresh')
    .description('Roll listings up into daily snapshots, headline prices and 90-day lows')
    .option('--from <date>', 'first UTC day to recompute (YYYY-MM-DD)', isoDate)
    .option('--to <date>', 'last UTC day to recompute (YYYY-MM-DD)', isoDate)
    .option('--full', 'recompute every day, not only those with new or superseded listings')
    .addHelpText(
      'after',
      '\nIncremental by default: only figure-days with listings ingested or superseded since the last run,' +
        '\nplus the headline prices of the days that have begun since. Running it twice changes nothing.' +
        '\n--from/--to limit the days recomputed; such a run leaves the rest for the next unlimited one.' +
        '\nIt takes the same lock as the scheduled refresh-snapshots job, so the two never run at once.',
    )
    .action((opts: { from?: string; to?: string; full?: boolean }) =>
      withDatabase(async (orm) => {
        const config = loadConfig();
        const bars = progressBars(LABELS);
        let summary: RefreshSummary | undefined;
        const outcome = await executeJob(
          {
            ...refreshJob,
            run: async (ctx) => {
              summary = await refreshSnapshots(ctx.em, {
                minConfidence: config.matchConfidenceThreshold,
                now: ctx.now,
                signal: ctx.signal,
                full: opts.full,
                from: opts.from,
                to: opts.to,
                onProgress: bars.update,
              });
              return { ...summary };
            },
          },
          { orm, config, log },
        ).finally(() => bars.stop());
        if (outcome.status === 'skipped') {
          print('Another snapshot refresh is running (the scheduled job or another terminal); nothing done.');
          return;
        }
        if (summary) print(formatRefreshSummary(summary, outcome.ms));
      }),
    );
}

export function formatRefreshSummary(s: RefreshSummary, ms: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    s.mode === 'full'
      ? `Full rebuild (${s.reason}).`
      : `Incremental refresh: ${n(s.changedListings)} listings ingested or superseded since the last run.`,
    s.snapshotDays > 0
      ? `Snapshots: ${n(s.snapshotDays)} days, ${n(s.snapshotRows)} figure-days; ` +
        `${n(s.snapshotsWritten)} written, ${n(s.snapshotsRemoved)} removed.`
      : 'Snapshots: nothing to recompute.',
    s.headlineFrom
      ? `Headline prices: as-of days ${s.headlineFrom} to ${s.headlineTo}, ${n(s.headlineFigures)} figures read; ` +
        `${n(s.headlinesWritten)} rows written, ${n(s.headlinesRemoved)} removed.`
      : 'Headline prices: nothing to recompute.',
    `Latest as-of day: ${s.asOf ?? 'none yet'}${s.timescale ? ' (TimescaleDB)' : ''}. Took ${(ms / 1000).toFixed(1)} s.`,
  ];
  return lines.join('\n');
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('must be a date as YYYY-MM-DD.');
  }
  return value;
}
