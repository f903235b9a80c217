import type { Logger } from 'pino';
import { type Invocation, MAX_FILE_BYTES } from '../../core/command.js';
import type { CommandLike, OptionLike } from './parse.js';

/** How long an attachment download may take. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** The attachment option type: its value is the id of an upload in the interaction's `resolved`. */
const ATTACHMENT_OPTION = 11;

/** An upload as Discord's raw interaction JSON resolves it (`data.resolved.attachments[id]`). */
interface ResolvedAttachment {
  filename: string;
  size: number;
  url: string;
}

function attachmentsOf(options: readonly OptionLike[]): OptionLike[] {
  return options.flatMap((o) => (o.attachment ? [o] : attachmentsOf(o.options ?? [])));
}

/**
 * Raw command options (HTTP interactions) with each attachment option given its upload from
 * `resolved`, as discord.js does for the gateway, so both paths download files the same way.
 */
export function withResolvedAttachments(
  options: readonly OptionLike[],
  resolved: Record<string, ResolvedAttachment> | undefined,
): OptionLike[] {
  return options.map((o) => {
    const file = o.type === ATTACHMENT_OPTION ? resolved?.[String(o.value)] : undefined;
    return {
      ...o,
      ...(file ? { attachment: { name: file.filename, size: file.size, url: file.url } } : {}),
      ...(o.options ? { options: withResolvedAttachments(o.options, resolved) } : {}),
    };
  });
}

/**
 * Downloads the text of each attached file (up to MAX_FILE_BYTES; a larger one keeps its size and
 * no text, so the command can say it is too large) into the invocation's options.
 */
export async function withAttachments(
  interaction: Pick<CommandLike, 'options'>,
  invocation: Invocation,
  log: Logger,
): Promise<Invocation> {
  const options = { ...invocation.options };
  for (const option of attachmentsOf(interaction.options.data)) {
    const file = option.attachment;
    if (!file || !(option.name in options)) continue;
    let text = '';
    if (file.size <= MAX_FILE_BYTES) {
      try {
        const res = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        text = (await res.text()).slice(0, MAX_FILE_BYTES + 1);
      } catch (err) {
        log.warn(
          { err: err instanceof Error ? err.message : String(err), file: file.name },
          'attachment download failed',
        );
      }
    }
    options[option.name] = { filename: file.name, size: file.size, text };
  }
  return { ...invocation, options };
}
