import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelListener } from '../../src/db/channel-listener.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { captureLog } from '../support/source-jobs.js';

describe('ChannelListener', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  const sql = (text: string) => db.orm.em.getConnection().execute(text);

  it('hears notifications, and listens again after the server ends its connection, logging no fault', async () => {
    const { log, lines } = captureLog();
    const heard: (string | undefined)[] = [];
    const events: string[] = [];
    let listening!: () => void;
    let next = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const listener = new ChannelListener({
      url: db.url,
      channel: 'listener_test',
      log,
      reconnectMs: 20,
      onNotify: (payload) => heard.push(payload),
      onListening: () => {
        events.push('listening');
        listening();
      },
      onLost: () => events.push('lost'),
    });
    await listener.start();
    try {
      await next;
      await sql(`notify listener_test, 'first'`);
      await expect.poll(() => heard).toEqual(['first']);

      // What a server shutdown, a restart or pg_terminate_backend does: admin_shutdown (57P01).
      next = new Promise<void>((resolve) => {
        listening = resolve;
      });
      await sql(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query = 'LISTEN listener_test'`,
      );
      await next;
      expect(events).toEqual(['listening', 'lost', 'listening']);
      await sql(`notify listener_test, 'second'`);
      await expect.poll(() => heard).toEqual(['first', 'second']);
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(lines.map((l) => l.msg)).toContain('the database server ended the LISTEN connection');
    } finally {
      await listener.stop();
    }
  });
});
