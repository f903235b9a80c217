/**
 * A terminal chat: each line goes through the same dispatcher as Discord and Slack, and the reply is
 * printed as plain text. Charts are written to `chartDir` and their path printed. With a TTY, Tab
 * completes command names and, for a command's figure, item numbers from the catalogue.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { InvocationContext } from '../../core/command.js';
import type { Dispatcher } from '../../core/dispatch.js';
import { formatTyped, tokenize } from '../../core/parse-text.js';
import type { Reply } from '../../core/reply.js';
import { consolePlatform } from './platform.js';
import { renderConsole } from './render.js';

export const CONSOLE_PROMPT = 'minifig> ';
const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit']);

export interface ConsoleChatOptions {
  dispatcher: Dispatcher;
  input: Readable;
  output: Writable;
  chartDir: string;
  /** Prompt and Tab completion; on for a terminal. */
  interactive?: boolean;
  /** A line printed before the first prompt. */
  banner?: string;
}

const CONTEXT: InvocationContext = {
  platform: consolePlatform.name,
  traits: consolePlatform,
  userId: 'console',
};

/** Saves the reply's image (if any) and returns the path; file names never collide within a run. */
async function saveImage(reply: Reply, chartDir: string, seq: number): Promise<string | undefined> {
  if (!reply.image) return undefined;
  await mkdir(chartDir, { recursive: true });
  const safe = reply.image.filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = path.resolve(chartDir, `${Date.now()}-${seq}-${safe}`);
  await writeFile(file, reply.image.data);
  return file;
}

/** Runs until the input ends or the user types exit. */
export async function runConsoleChat(opts: ConsoleChatOptions): Promise<void> {
  const { dispatcher, output } = opts;
  const rl = createInterface({
    input: opts.input,
    output: opts.interactive ? output : undefined,
    terminal: opts.interactive ?? false,
    completer: opts.interactive ? completer(dispatcher) : undefined,
  });
  // In a terminal, Ctrl-C reaches readline (raw mode), whose default is to close: the loop below
  // ends and the caller closes the database.
  const prompt = () => {
    if (opts.interactive) output.write(CONSOLE_PROMPT);
  };
  if (opts.banner) output.write(`${opts.banner}\n`);
  prompt();
  let seq = 0;
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (EXIT_WORDS.has(line.toLowerCase())) break;
      if (line !== '') {
        const reply = await dispatcher.dispatchText(line, CONTEXT);
        let imagePath: string | undefined;
        try {
          imagePath = await saveImage(reply, opts.chartDir, ++seq);
        } catch (err) {
          output.write(
            `(Could not save the chart in ${opts.chartDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'})\n`,
          );
        }
        const typed = (inv: Parameters<typeof formatTyped>[0]) => formatTyped(inv, dispatcher.commands);
        output.write(`${renderConsole(reply, { imagePath, typed })}\n`);
      }
      prompt();
    }
  } finally {
    rl.close();
  }
}

type Completer = (line: string, callback: (err: null, result: [string[], string]) => void) => void;

/** Tab: command names for the first word; catalogue item numbers where the command takes a figure. */
function completer(dispatcher: Dispatcher): Completer {
  return (line, callback) => {
    const tokens = tokenize(line);
    const typingNew = line === '' || /\s$/.test(line);
    if (tokens.length === 0 || (tokens.length === 1 && !typingNew)) {
      const word = tokens[0]?.text ?? '';
      const names = dispatcher.commands.map((c) => `${c.name} `).filter((n) => n.startsWith(word));
      callback(null, [names, word]);
      return;
    }
    const command = dispatcher.commands.find((c) => c.name === tokens[0]?.text);
    const figureOption =
      command?.type === 'command'
        ? Object.entries(command.options).find(([, s]) => s.kind === 'figure')
        : undefined;
    const word = typingNew ? '' : (tokens[tokens.length - 1]?.text ?? '');
    if (!command || !figureOption || tokens.length > 2 || (tokens.length === 2 && typingNew) || word === '') {
      callback(null, [[], word]);
      return;
    }
    dispatcher
      .autocomplete({ command: command.name, option: figureOption[0], value: word }, CONTEXT)
      .then((choices) => callback(null, [choices.map((c) => c.value), word]))
      .catch(() => callback(null, [[], word]));
  };
}
