import pg from 'pg';

/** The channel the outbox trigger notifies (migrations/Migration20261126000600_alerting.ts). */
export const OUTBOX_CHANNEL = 'notifications';

export interface OutboxSubscription {
  close(): Promise<void>;
}

/**
 * LISTENs for new outbox rows on a connection of its own (a pooled one would drop the subscription
 * when returned). `onNotify` runs on every notification, `onLost` once if the connection breaks
 * (the subscription is closed by then).
 */
export async function listenToOutbox(
  url: string,
  handlers: { onNotify: () => void; onLost: (err: Error) => void },
): Promise<OutboxSubscription> {
  const client = new pg.Client({ connectionString: url });
  client.on('notification', () => handlers.onNotify());
  client.on('error', (err) => {
    void client.end().catch(() => {});
    handlers.onLost(err);
  });
  await client.connect();
  try {
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return { close: () => client.end() };
}
