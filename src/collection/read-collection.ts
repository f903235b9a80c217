import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileValue, InvocationContext } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { traitsOf } from '../core/platform-traits.js';
import { MAX_COLLECTION_BYTES } from './collection-file.js';

/** The text of a collection file: attached (Discord), or named by a path (terminal chat). */
export async function readCollectionFile(
  context: InvocationContext,
  file: FileValue,
): Promise<{ text: string; name: string }> {
  if ('path' in file) return readCollectionPath(context, file.path);
  if (file.size > MAX_COLLECTION_BYTES) {
    throw new UserError(
      `${file.filename} is larger than ${MAX_COLLECTION_BYTES / 1024} KB; split it, nothing was imported.`,
    );
  }
  if (file.text === '')
    throw new UserError(`${file.filename} is empty or could not be downloaded; nothing was imported.`);
  return { text: file.text, name: file.filename };
}

/**
 * The text of a collection file named by a path: only in the terminal chat, which runs on the
 * user's own machine. A path typed in Discord or Slack would name a file on the server.
 */
async function readCollectionPath(
  context: InvocationContext,
  file: string,
): Promise<{ text: string; name: string }> {
  if (!traitsOf(context).readsLocalFiles) {
    throw new UserError(
      'Attach the file: on Discord with the file option of /watch import, on Slack by sending it to me in a direct message with the text "watch import".',
    );
  }
  const name = path.basename(file);
  const info = await stat(file).catch(() => {
    throw new UserError(`Cannot read ${file}: no such file.`);
  });
  if (!info.isFile()) throw new UserError(`${file} is not a file.`);
  if (info.size > MAX_COLLECTION_BYTES) {
    throw new UserError(
      `${name} is larger than ${MAX_COLLECTION_BYTES / 1024} KB; split it, nothing was imported.`,
    );
  }
  return { text: await readFile(file, 'utf8'), name };
}
