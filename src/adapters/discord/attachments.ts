import type { ChatInputCommandInteraction, CommandInteractionOption } from 'discord.js';
import type { Logger } from 'pino';
import { type Invocation, MAX_FILE_BYTES } from '../../core/command.js';

/** How long an attachment download may take. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

function attachmentsOf(options: readonly CommandInteractionOption[]): CommandInteractionOption[] {
  return options.flatMap((o) => (o.attachment ? [o] : attachmentsOf(o.options ?? [])));
}

/**
 * Downloads the text of each attached file (up to MAX_FILE_BYTES; a larger one keeps its size and
 * no text, so the command can say it is too large) into the invocation's options.
 */
export async function withAttachments(
  interaction: Pick<ChatInputCommandInteraction, 'options'>,
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
