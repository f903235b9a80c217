import pg from 'pg';
import type { Logger } from 'pino';

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
 * LISTENs on its own connection (a pooled one would drop the subscription when returned). If the
 * connection breaks it reconnects after a pause; onLost and onListening tell the owner when
 * notifications may have been missed.
 */
export class ChannelListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ChannelListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(opts.channel)) throw new Error(`not a channel name: ${opts.channel}`);
  }

  /** Whether the LISTEN is in place now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

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
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.url });
    client.on('notification', (n) => this.opts.onNotify(n.payload));
    client.on('error', (err) => {
      this.opts.log.warn({ err, channel: this.opts.channel }, 'LISTEN connection lost');
      if (this.client === client) {
        this.client = undefined;
        this.opts.onLost?.();
      }
      void client.end().catch(() => {});
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${this.opts.channel}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
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
