import pg from 'pg';

export interface ChannelSubscription {
  close(): Promise<void>;
}

/**
 * LISTENs on `channel` on a connection of its own (a pooled one would drop the subscription when
 * returned). `onNotify` runs on every notification, `onLost` once if the connection breaks (the
 * subscription is closed by then).
 */
export async function listenToChannel(
  url: string,
  channel: string,
  handlers: { onNotify: (payload: string | undefined) => void; onLost: (err: Error) => void },
): Promise<ChannelSubscription> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new pg.Client({ connectionString: url });
  client.on('notification', (n) => handlers.onNotify(n.payload));
  client.on('error', (err) => {
    void client.end().catch(() => {});
    handlers.onLost(err);
  });
  await client.connect();
  try {
    await client.query(`LISTEN ${channel}`);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return { close: () => client.end() };
}
