import type { Button, Reply } from '../core/reply.js';

/** An error as the user sees it: ephemeral, in the error tone, with optional buttons to recover. */
export function errorReply(message: string, buttons: Button[] = []): Reply {
  return {
    summary: message,
    tone: 'error',
    ephemeral: true,
    blocks: [
      { type: 'text', text: message },
      ...(buttons.length > 0 ? [{ type: 'actions' as const, buttons }] : []),
    ],
  };
}
