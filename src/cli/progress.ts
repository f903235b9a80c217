import cliProgress from 'cli-progress';

export type ProgressFn = (done: number, total: number) => void;

/**
 * A progress bar on stderr when a person is watching (a TTY); silent in pipes and CI logs, where a
 * redrawn bar would only be noise. Returns the callback to feed and a function to finish the bar.
 */
export function progressBar(
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
