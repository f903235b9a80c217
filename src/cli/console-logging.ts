import path from 'node:path';
import type { Config } from '../config.js';
import { logRoute } from '../log.js';

/** The log file while the console chat owns the terminal. */
export function consoleLogFile(config: Config): string {
  return path.join(config.dataDir, 'minifig.log');
}

/**
 * While the console chat is open its terminal reads like a chat: log lines go to a file under
 * DATA_DIR (its path printed once), and only warnings and errors show, one readable line each.
 */
export function routeLogsAwayFromConsole(config: Config, print: (text: string) => void): string {
  const file = consoleLogFile(config);
  const terminal = process.stderr;
  logRoute.toFile(file, (text) => terminal.write(`${text}\n`));
  const shown = file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), file) : file;
  print(`Logs go to ${shown}; warnings and errors also show here.`);
  return file;
}
