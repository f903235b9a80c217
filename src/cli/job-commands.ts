import type { Command } from 'commander';
import { JOB_NAMES, loadConfig } from '../config.js';
import { executeJob } from '../jobs/execute-job.js';
import { availableJobs, loadJob } from '../jobs/registry.js';
import { log } from '../log.js';
import { withDatabase } from './with-database.js';

export function registerJobCommands(program: Command, print: (text: string) => void): void {
  const job = program.command('job').description('Run or list the background jobs');

  job
    .command('list')
    .description('List the jobs with their schedules')
    .action(() => {
      const config = loadConfig();
      const available = new Set(availableJobs());
      for (const name of JOB_NAMES) {
        print(
          `${name.padEnd(18)} ${config.schedules[name].padEnd(18)} ${available.has(name) ? '' : '(not in this build)'}`,
        );
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
