import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { executeJob } from '../jobs/execute-job.js';
import { JOB_LIST, JOB_NAMES } from '../jobs/job-list.js';
import { loadJob } from '../jobs/registry.js';
import { nextRuns } from '../jobs/schedule-text.js';
import { log } from '../log.js';
import { withDatabase } from './with-database.js';

export function registerJobCommands(program: Command, print: (text: string) => void): void {
  const job = program.command('job').description('Run or list the background jobs');

  job
    .command('list')
    .description('List every job with its schedule, its next run and what it does')
    .addHelpText(
      'after',
      '\nSchedules are cron expressions or later.js text; SCHEDULE_<JOB> overrides one (SCHEDULE_REFRESH_SNAPSHOTS).' +
        '\n`npx minifig status` shows how the last runs went.',
    )
    .action(async () => {
      const config = loadConfig();
      const now = new Date();
      const rows = await Promise.all(
        JOB_LIST.map(async (spec) => {
          const schedule = config.schedules[spec.name];
          const next = nextRuns(schedule, now)[0];
          const then = 'followedBy' in spec ? `; then ${spec.followedBy.job}` : '';
          return [
            spec.name,
            schedule,
            next ? `next ${next.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '',
            `${(await loadJob(spec.name)).description}${then}`,
          ];
        }),
      );
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
      for (const row of rows) {
        print(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
      }
    });

  job
    .command('run')
    .description('Run one job now, in the foreground, and print its summary')
    .argument('<name>', `one of: ${JOB_NAMES.join(', ')}`)
    .addHelpText('after', '\nA job already running elsewhere holds a lock; this run then skips and says so.')
    .action(async (name: string) => {
      const def = await loadJob(name);
      await withDatabase(async (orm) => {
        const outcome = await executeJob(def, { orm, config: loadConfig(), log });
        if (outcome.status === 'skipped') {
          print(`Skipped ${name}: ${outcome.reason}.`);
          return;
        }
        print(`Ran ${name} in ${(outcome.ms / 1000).toFixed(1)} s:`);
        for (const [key, value] of Object.entries(outcome.summary)) print(`  ${key}: ${value}`);
      });
    });
}
