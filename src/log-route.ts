import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';

type Sink = { write(line: string): unknown };

const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/**
 * Where log lines go. By default JSON on stderr. While the console chat owns the terminal, every
 * line goes to a file instead, and warnings and errors also show in the terminal as one readable
 * line each, so that nothing prints JSON over the prompt.
 */
export class LogRoute {
  private sink: Sink = pino.destination(2);
  private echo: ((text: string) => void) | undefined;

  write(line: string): void {
    this.sink.write(line);
    if (this.echo) {
      const text = readableWarning(line);
      if (text) this.echo(text);
    }
  }

  /** Sends lines to `file` (appended, created with its folder); warnings also to `echo`. */
  toFile(file: string, echo: (text: string) => void): void {
    mkdirSync(path.dirname(file), { recursive: true });
    this.sink = pino.destination({ dest: file, append: true, sync: true });
    this.echo = echo;
  }
}

/** "warning: BrickLink figure failed; the others carry on (job bricklink: HTTP 500)", or null below warn. */
export function readableWarning(line: string): string | null {
  let entry: { level?: number; msg?: string; err?: unknown; job?: string; source?: string };
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry.level !== 'number' || entry.level < 40) return null;
  const where = entry.job ? `job ${entry.job}` : entry.source ? `source ${entry.source}` : '';
  const err =
    typeof entry.err === 'string'
      ? entry.err
      : typeof (entry.err as { message?: unknown })?.message === 'string'
        ? (entry.err as { message: string }).message
        : '';
  const detail = [where, err.split('\n')[0]].filter(Boolean).join(': ');
  return `${LEVEL_NAMES[entry.level] ?? 'warning'}: ${entry.msg ?? ''}${detail ? ` (${detail})` : ''}`;
}
