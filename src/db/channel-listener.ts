import type { Logger } from 'pino';
import { type ChannelSubscription, listenToChannel } from './repositories/listen-channel.js';

export interface ChannelListenerOptions {
  url: string;
  /** A PostgreSQL NOTIFY channel: a plain identifier. */
  channel: string;
  log: Logger;
  onNotify(payload: string | undefined): void;
  /** Called each time the LISTEN is in place, including after a reconnect. */
  onListening?(): void;
  /** Called when the connection is lost: notifications may be missed until onListening. */
  onLost?(): void;
  reconnectMs?: number;
}

/**
 * A LISTEN that lasts: if its connection breaks it reconnects after a pause; onLost and
 * onListening tell the owner when notifications may have been missed.
 */
export class ChannelListener {
  private subscription: ChannelSubscription | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ChannelListenerOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((err) => {
      this.opts.log.warn({ err, channel: this.opts.channel }, 'cannot LISTEN yet; trying again shortly');
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
    let subscription: ChannelSubscription | undefined;
    subscription = await listenToChannel(this.opts.url, this.opts.channel, {
      onNotify: (payload) => this.opts.onNotify(payload),
      onLost: (err) => {
        if (endedByServer(err)) {
          // A shutdown or restart of the server (Ctrl-C stops the embedded one with the app): no fault here.
          this.opts.log.info(
            { channel: this.opts.channel },
            'the database server ended the LISTEN connection',
          );
        } else {
          this.opts.log.warn({ err, channel: this.opts.channel }, 'LISTEN connection lost');
        }
        if (subscription && this.subscription === subscription) {
          this.subscription = undefined;
          this.opts.onLost?.();
        }
        this.scheduleReconnect();
      },
    });
    if (this.stopped) {
      await subscription.close();
      return;
    }
    this.subscription = subscription;
    this.opts.onListening?.();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      void this.connect().catch((err) => {
        this.opts.log.warn({ err, channel: this.opts.channel }, 'LISTEN reconnect failed');
        this.scheduleReconnect();
      });
    }, this.opts.reconnectMs ?? 5_000);
  }
}

/** PostgreSQL's admin_shutdown (57P01): the server is stopping, restarting, or ended this session on purpose. */
function endedByServer(err: Error): boolean {
  return (err as { code?: unknown }).code === '57P01';
}
