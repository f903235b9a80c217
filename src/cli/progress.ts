import cliProgress from 'cli-progress';

export type ProgressFn = (done: number, total: number) => void;

/**
 * Runs `work` with a progress bar on stderr when a person is watching (a TTY); silent in pipes and
 * CI logs, where a redrawn bar would only be noise. The bar is finished before `work`'s result is
 * printed, and also when it fails.
 */
export async function withProgressBar<T>(
  label: string,
  work: (update: ProgressFn) => Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  const bar = progressBar(label, stream);
  try {
    return await work(bar.update);
  } finally {
    bar.stop();
  }
}

function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): {
  update: ProgressFn;
  stop: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta}s`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * Several labelled bars drawn together, for work whose parts advance at the same time (a snapshot
 * refresh computes snapshots and headline prices side by side). Each bar appears on its first update.
 * Silent without a TTY, like progressBar.
 */
export function progressBars<K extends string>(
  labels: Record<K, string>,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (key: K, done: number, total: number) => void; stop: () => void } {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const width = Math.max(...Object.values<string>(labels).map((l) => l.length));
  const multi = new cliProgress.MultiBar(
    { stream, format: '{label} [{bar}] {percentage}% | {value}/{total} | eta {eta}s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<K, cliProgress.SingleBar>();
  return {
    update: (key, done, total) => {
      const bar = bars.get(key);
      if (bar) {
        bar.setTotal(total);
        bar.update(done);
      } else bars.set(key, multi.create(total, done, { label: labels[key].padEnd(width) }));
    },
    stop: () => multi.stop(),
  };
}
