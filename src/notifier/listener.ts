import pg from 'pg';
import type { Logger } from 'pino';

/** The channel the outbox trigger notifies (migrations/Migration20261126000600_alerting.ts). */
export const OUTBOX_CHANNEL = 'notifications';

/**
 * LISTENs on its own connection (a pooled one would drop the subscription when returned) and calls
 * `onNotify` whenever rows are inserted into the outbox, by any process: Bree workers, the CLI,
 * another host. If the connection breaks it reconnects after a pause; meanwhile the notifier's
 * polling carries on, so nothing is missed, only delayed.
 */
export class OutboxListener {
  private client: pg.Client | undefined;
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
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', () => this.onNotify());
    client.on('error', (err) => {
      this.log.warn({ err }, 'notification listener connection lost');
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => {});
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
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
