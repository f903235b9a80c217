import { describe, expect, it } from 'vitest';
import { startFollowUps } from '../../src/jobs/follow-ups.js';
import type { JobName } from '../../src/jobs/job-list.js';
import type { JobResultMessage } from '../../src/jobs/run-job.js';
import { log } from '../../src/log.js';

const result = (name: JobName, summary: Record<string, number> | 'skipped' = {}): JobResultMessage => ({
  type: 'job-result',
  name,
  outcome:
    summary === 'skipped' ? { status: 'skipped', reason: 'locked' } : { status: 'ran', summary, ms: 1 },
});

describe('jobs that follow other jobs', () => {
  function harness() {
    const runs: string[] = [];
    const running = new Set<string>();
    const hook = startFollowUps(
      { run: (name) => void runs.push(name), isRunning: (n) => running.has(n) },
      log,
    );
    return { runs, running, hook };
  }

  it('refreshes the snapshots after an ingestion that wrote listings, and evaluates alerts after the refresh', () => {
    const { runs, hook } = harness();
    hook(result('fx'));
    hook(result('bricklink', 'skipped'));
    hook(result('ebay', { inserted: 0, duplicates: 40 }));
    expect(runs).toEqual([]);
    hook(result('bricklink', { inserted: 12 }));
    expect(runs).toEqual(['refresh-snapshots']);
    hook(result('refresh-snapshots', { snapshotsWritten: 3 }));
    expect(runs).toEqual(['refresh-snapshots', 'evaluate-alerts']);
    hook(result('lego', { inserted: 1 }));
    expect(runs.at(-1)).toBe('refresh-snapshots');
  });

  it('runs a follow-up once more when it was already running, folding the triggers into one run', () => {
    const { runs, running, hook } = harness();
    running.add('refresh-snapshots');
    hook(result('bricklink', { inserted: 5 }));
    hook(result('ebay', { inserted: 7 }));
    expect(runs).toEqual([]);
    running.delete('refresh-snapshots');
    // The running refresh ends (it may have read before those listings committed): one more run.
    hook(result('refresh-snapshots', { snapshotsWritten: 0 }));
    expect(runs).toEqual(['refresh-snapshots', 'evaluate-alerts']);
    hook(result('refresh-snapshots', { snapshotsWritten: 0 }));
    expect(runs.filter((r) => r === 'refresh-snapshots')).toHaveLength(1);
  });
});
