import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { commands } from '../../../commands/index.js';
import { createDispatcher } from '../../core/dispatch.js';
import { createDepsFactory } from '../../create-deps.js';
import { log } from '../../log.js';
import { runConsoleChat } from './console-chat.js';

export interface StartConsoleOptions {
  orm: MikroORM;
  /** Label replies "demo data". */
  demoData: boolean;
  /** config.matchConfidenceThreshold. */
  minConfidence: number;
  chartDir?: string;
  input?: NodeJS.ReadableStream & import('node:stream').Readable;
  output?: import('node:stream').Writable;
}

export function defaultChartDir(): string {
  return path.join(os.tmpdir(), 'minifig-charts');
}

/** The console chat on a database: what `npx minifig console` and the first run open. */
export async function startConsole(opts: StartConsoleOptions): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const deps = createDepsFactory(opts.orm, { demoData: opts.demoData, minConfidence: opts.minConfidence });
  // Build the caches while the user reads the banner; a failure is retried on first use.
  deps.warm().catch((err: unknown) => log.warn({ err }, 'could not warm the chat caches'));
  const dispatcher = createDispatcher({ commands, deps });
  const chartDir = opts.chartDir ?? defaultChartDir();
  await runConsoleChat({
    dispatcher,
    input,
    output,
    chartDir,
    interactive: Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY),
    banner:
      `minifig console: the same commands as in Discord and Slack. Type help, or exit to leave.` +
      `${opts.demoData ? '\nPrices are DEMO DATA (bundled sample), not live market prices.' : ''}` +
      `\nCharts are saved in ${chartDir}.`,
  });
}
