import type { Logger } from 'pino';
import { ChannelListener } from '../db/channel-listener.js';
import { OUTBOX_CHANNEL } from '../db/repositories/outbox-channel.js';

/**
 * Calls `onNotify` whenever rows are inserted into the outbox, by any process: Bree workers, the
 * CLI, another host. If the connection breaks it reconnects after a pause; meanwhile the
 * notifier's polling carries on, so nothing is missed, only delayed. Once listening (again) it
 * calls `onNotify`, since rows may have arrived while it was not.
 */
export class OutboxListener extends ChannelListener {
  constructor(url: string, log: Logger, onNotify: () => void, reconnectMs = 5_000) {
    super({
      url,
      channel: OUTBOX_CHANNEL,
      log,
      onNotify: () => onNotify(),
      onListening: onNotify,
      reconnectMs,
    });
  }
}
