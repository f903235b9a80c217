import type { Reply } from '../core/reply.js';
import type { SourceStatus } from '../deps.js';
import { ago, utcDateTime } from './format.js';

function lastRun(s: SourceStatus, now: Date): string {
  return s.lastRunAt ? `${utcDateTime(s.lastRunAt)} (${ago(s.lastRunAt, now)})` : 'never';
}

function result(s: SourceStatus): string {
  if (s.lastRunSuccess === null) return '–';
  return s.lastRunSuccess ? 'ok' : 'FAILED';
}

function quota(s: SourceStatus): string {
  const used = s.usedToday === null ? '?' : s.usedToday.toLocaleString('en-US');
  return s.quotaPerDay === null
    ? `${used} (no daily cap)`
    : `${used} / ${s.quotaPerDay.toLocaleString('en-US')}`;
}

/** The `sources` reply: each data source's last run, its result and today's quota use. */
export function sourcesReply(sources: SourceStatus[], now: Date): Reply {
  const failing = sources.filter((s) => s.lastRunSuccess === false).map((s) => s.name);
  const never = sources.filter((s) => s.lastRunAt === null).length;
  const summary =
    failing.length > 0
      ? `Data sources: ${failing.join(', ')} failed on the last run.`
      : `Data sources: ${sources.length - never} of ${sources.length} have run, none failing.`;
  return {
    title: 'Data sources',
    summary,
    tone: failing.length > 0 ? 'warning' : 'info',
    blocks: [
      {
        type: 'table',
        columns: [
          { header: 'Source' },
          { header: 'Last run' },
          { header: 'Result' },
          { header: 'Calls today', align: 'right' },
        ],
        rows: sources.map((s) => [s.name, lastRun(s, now), result(s), quota(s)]),
      },
      ...sources.flatMap((s) => (s.note ? [{ type: 'text' as const, text: `${s.name}: ${s.note}` }] : [])),
    ],
    footer: `As of ${utcDateTime(now)} · calls are counted per UTC day against each daily quota`,
  };
}
