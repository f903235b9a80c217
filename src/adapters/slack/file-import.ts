import type { Logger } from 'pino';
import { type AttachedFile, MAX_FILE_BYTES } from '../../core/command.js';

/** How long a file download may take. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** A file as a Slack `message` event (subtype file_share) lists it. */
export interface SharedFile {
  name?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

/** "watch import" sent with a file in a direct message: the text that asks for an import. */
export function asksForImport(text: string | undefined): boolean {
  return /^\s*\/?(minifig\s+)?watch\s+import\b/i.test(text ?? '');
}

/**
 * Downloads a file shared with the bot (url_private needs the bot token, and the files:read scope),
 * up to MAX_FILE_BYTES; a larger one keeps its size and no text, so the command can say so.
 */
export async function downloadSharedFile(
  file: SharedFile,
  botToken: string,
  log: Logger,
): Promise<AttachedFile> {
  const filename = file.name ?? 'file';
  const size = file.size ?? 0;
  const url = file.url_private_download ?? file.url_private;
  if (!url || size > MAX_FILE_BYTES) return { filename, size, text: '' };
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${botToken}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return { filename, size, text: (await res.text()).slice(0, MAX_FILE_BYTES + 1) };
  } catch (err) {
    log.warn(
      { err: err instanceof Error ? err.message : String(err), file: filename },
      'slack file download failed',
    );
    return { filename, size, text: '' };
  }
}
