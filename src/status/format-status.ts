import type { PipelineStatus } from './pipeline-status.js';

/** `minifig status` as a person reads it: the verdict and its reasons first, then one line per job. */
export function formatPipelineStatus(s: PipelineStatus, now: Date): string {
  const lines = [`Pipeline: ${s.status}`];
  for (const problem of s.problems) lines.push(`  - ${problem}`);
  lines.push(
    s.schedulerStartedAt
      ? `Scheduler last started ${when(s.schedulerStartedAt, now)}.`
      : 'The scheduler has never started on this database (run `npx minifig start`).',
  );
  const h = s.headlines;
  lines.push(
    h.refreshedAt
      ? `Headline prices: as of ${h.asOfDay ?? 'no day yet'}, refreshed ${when(h.refreshedAt, now)} (${h.state}).`
      : `Headline prices: ${h.state}.`,
  );
  lines.push('');
  const rows = s.jobs.map((j) => [
    j.name,
    j.schedule,
    j.last ? when(j.last.startedAt, now) : 'never',
    j.last ? outcome(j.last) : '',
    j.last?.endedAt ? `${((j.last.endedAt.getTime() - j.last.startedAt.getTime()) / 1000).toFixed(1)} s` : '',
    j.nextRunAt ? when(j.nextRunAt, now) : 'unknown',
    j.state === 'ok' ? '' : j.state,
  ]);
  const header = ['job', 'schedule', 'last run', 'outcome', 'took', 'next run', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    lines.push(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  }
  return lines.join('\n');
}

function outcome(last: NonNullable<PipelineStatus['jobs'][number]['last']>): string {
  if (last.outcome === 'skipped') return `skipped: ${last.skipReason ?? ''}`.trim();
  if (last.outcome !== 'succeeded') return last.outcome;
  const c = last.counts;
  const parts = [
    c.inserted !== undefined ? `${c.inserted} new` : '',
    c.errors ? `${c.errors} errors` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `ok (${parts.join(', ')})` : 'ok';
}

/** "2026-12-06 21:40 UTC (12 min ago)" or "(in 5 min)". */
function when(at: Date, now: Date): string {
  const stamp = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const span = Math.abs(seconds);
  const amount =
    span < 90
      ? `${span} s`
      : span < 5400
        ? `${Math.round(span / 60)} min`
        : span < 172_800
          ? `${Math.round(span / 3600)} h`
          : `${Math.round(span / 86_400)} days`;
  return `${stamp} (${seconds <= 0 ? `${amount} ago` : `in ${amount}`})`;
}
