import type { Logger } from 'pino';
import { listenToOutbox, type OutboxSubscription } from '../db/repositories/outbox-channel.js';

/**
 * LISTENs on its own connection (outbox-channel.ts) and calls
 * `onNotify` whenever rows are inserted into the outbox, by any process: Bree workers, the CLI,
 * another host. If the connection breaks it reconnects after a pause; meanwhile the notifier's
 * polling carries on, so nothing is missed, only delayed.
 */
export class OutboxListener {
  private subscription: OutboxSubscription | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly onNotify: () => void,
    private readonly reconnectMs = 5_000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((err) => {
      this.log.warn({ err }, 'cannot LISTEN for new notifications yet; polling meanwhile');
      this.scheduleReconnect();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close().catch(() => {});
  }

  private async connect(): Promise<void> {
    let subscription: OutboxSubscription | undefined;
    subscription = await listenToOutbox(this.url, {
      onNotify: () => this.onNotify(),
      onLost: (err) => {
        this.log.warn({ err }, 'notification listener connection lost');
        if (subscription && this.subscription === subscription) this.subscription = undefined;
        this.scheduleReconnect();
      },
    });
    if (this.stopped) {
      await subscription.close();
      return;
    }
    this.subscription = subscription;
    // Rows may have arrived while we were not listening.
    this.onNotify();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      void this.connect().catch((err) => {
        this.log.warn({ err }, 'notification listener reconnect failed');
        this.scheduleReconnect();
      });
    }, this.reconnectMs);
  }
}
