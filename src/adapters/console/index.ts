import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from '../../core/dispatch.js';
import { runConsoleChat } from './console-chat.js';

export { CONSOLE_PROMPT } from './console-chat.js';

export interface ConsoleStreams {
  /** Default: the terminal. */
  input?: Readable;
  output?: Writable;
}

export interface StartConsoleOptions {
  dispatcher: Dispatcher;
  /** Whether replies are demo data right now (the banner says so). */
  demoData: () => boolean;
  streams?: ConsoleStreams;
  chartDir?: string;
}

export function defaultChartDir(): string {
  return path.join(os.tmpdir(), 'minifig-charts');
}

/** The console chat on the app's dispatcher: what `npx minifig start` opens in a terminal. */
export async function startConsole(opts: StartConsoleOptions): Promise<void> {
  const input = opts.streams?.input ?? process.stdin;
  const output = opts.streams?.output ?? process.stdout;
  const chartDir = opts.chartDir ?? defaultChartDir();
  await runConsoleChat({
    dispatcher: opts.dispatcher,
    input,
    output,
    chartDir,
    interactive: Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY),
    banner:
      'minifig console: the same commands as in Discord and Slack. Type help, or exit to leave.' +
      `${opts.demoData() ? '\nPrices are DEMO DATA (bundled sample), not live market prices.' : ''}` +
      `\nCharts are saved in ${chartDir}.`,
  });
}
