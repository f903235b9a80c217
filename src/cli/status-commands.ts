import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { formatPipelineStatus } from '../status/format-status.js';
import { pipelineStatus } from '../status/pipeline-status.js';
import { withDatabase } from './with-database.js';

export function registerStatusCommands(program: Command, print: (text: string) => void): void {
  program
    .command('status')
    .description(
      "The background pipeline: each job's last run, outcome, duration and next run, and the headline prices' age",
    )
    .option('--json', 'print the status as JSON (the same as /healthz reports under "pipeline")')
    .addHelpText(
      'after',
      [
        '',
        'ok: every job has run (or found nothing to do) within 3 of its intervals, and the stored headline prices',
        'are younger than 2 refresh intervals. degraded: one of those is not true; the reasons are listed.',
        'The command exits 1 when degraded, so that scripts and monitors can use it.',
      ].join('\n'),
    )
    .action((opts: { json?: boolean }) =>
      withDatabase(async (orm) => {
        const now = new Date();
        const status = await pipelineStatus(orm.em.fork(), loadConfig(), now);
        print(opts.json ? JSON.stringify(status, null, 2) : formatPipelineStatus(status, now));
        if (status.status !== 'ok') process.exitCode = 1;
      }),
    );
}
