import later from '@breejs/later';

// Bree reads schedules in local time; so do we, so that "next run" is the run Bree will make.
later.date.localTime();

/** Five or six space-separated cron fields; anything else is later.js text ("every 1 hour"). */
const CRON = /^(\S+\s+){4,5}\S+$/;

export function isCron(text: string): boolean {
  return CRON.test(text.trim());
}

/** The parsed schedule, or null when the text is neither valid cron nor valid later.js text. */
export function parseSchedule(text: string) {
  const trimmed = text.trim();
  try {
    const data = isCron(trimmed)
      ? later.parse.cron(trimmed, trimmed.split(/\s+/).length === 6)
      : later.parse.text(trimmed);
    // The text parser reports where it stopped (-1: nowhere); the cron parser reports nothing.
    if ((data.error ?? -1) !== -1 || data.schedules.length === 0) return null;
    return later.schedule(data).next(1, new Date()) ? data : null;
  } catch {
    return null;
  }
}

/**
 * The next `count` runs strictly after `from`. later.js counts the current instant as a run while
 * it lies inside a matching range ("every 1 hour" matches the whole of every hour); Bree starts at
 * the next boundary, so instants within a second of `from` are skipped.
 */
export function nextRuns(text: string, from: Date, count = 1): Date[] {
  const data = parseSchedule(text);
  if (!data) return [];
  const found = later.schedule(data).next(count + 2, from);
  const dates = Array.isArray(found) ? found : found ? [found] : [];
  return dates.filter((d) => d.getTime() > from.getTime() + 1000).slice(0, count);
}

/** The time between two consecutive runs after `from` (a daily cron: one day), or null. */
export function scheduleIntervalMs(text: string, from: Date): number | null {
  const [a, b] = nextRuns(text, from, 2);
  return a && b ? b.getTime() - a.getTime() : null;
}
