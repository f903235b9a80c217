import type { PlatformContext, RunningPlatform } from '../platform.js';
import { startConsole } from './index.js';
import { renderConsole } from './render.js';

/**
 * The terminal chat on main's dispatcher. It opens (banner, prompt) once the app is ready; alerts
 * and digests for console users are printed into it.
 */
export async function startConsolePlatform(ctx: PlatformContext): Promise<RunningPlatform> {
  const terminal = ctx.terminal ?? {};
  const output = terminal.output ?? process.stdout;
  return {
    state: () => 'running',
    stop: async () => {},
    async send(_target, reply) {
      output.write(`\n[alert] ${renderConsole(reply).replace(/\n/g, '\n        ')}\n`);
      return { messageId: null };
    },
    open: () =>
      startConsole({
        dispatcher: ctx.dispatcher,
        demoData: ctx.demoData,
        streams: { input: terminal.input, output },
        chartDir: terminal.chartDir,
      }),
  };
}
