/**
 * A real crash: the notifier runs in a child process that is killed with SIGKILL in the middle of a
 * delivery, once before the platform answered and once after it accepted the message but before
 * the row was marked sent. A notifier started afterwards (a restart) delivers the row, and the
 * platform, which deduplicates by idempotency key as Discord does with enforce_nonce, shows it once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotification } from '../../src/db/repositories/notifications.js';
import { Notifier } from '../../src/notifier/notifier.js';
import { outboxRows } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { until } from './e2e-support.js';
import { httpPort } from './fixtures/http-port.js';

const CHILD = fileURLToPath(new URL('./fixtures/notifier-process.ts', import.meta.url));

interface Received {
  key: string;
  summary: string;
}

/** The stand-in platform: keeps one message per key; `onRequest` decides what happens to each request. */
class Platform {
  readonly requests: Received[] = [];
  readonly messages = new Map<string, string>();
  onRequest: (body: Received, answer: () => void) => void = (_b, answer) => answer();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received;
      this.requests.push(body);
      const answer = () => {
        if (!this.messages.has(body.key)) this.messages.set(body.key, `msg-${this.messages.size + 1}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: this.messages.get(body.key) }));
      };
      this.onRequest(body, answer);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/post`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function startChild(dbUrl: string, platformUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbUrl, platformUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the notifier process exited early (${code})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

describe('a notifier killed mid-delivery', () => {
  let db: TestDatabase;
  const platform = new Platform();
  beforeAll(async () => {
    db = await createTestDatabase();
    await platform.start();
  });
  afterAll(async () => {
    await platform.close();
    await db?.drop();
  });

  async function scenario(key: string, killWhen: 'before-answer' | 'after-answer') {
    await insertNotification(db.orm.em.fork(), {
      platform: 'console',
      workspaceId: '',
      targetKind: 'channel',
      targetId: 'C1',
      kind: 'alert',
      payload: {
        type: 'alert',
        alertId: key,
        kind: 'below',
        condition: 'used',
        figure: { id: 'f', itemNo: 'sw0001', name: 'Battle Droid', theme: 'Star Wars', year: 1999 },
        price: 4,
        basis: 'sold',
        windowDays: 30,
        listingCount: 9,
        reference: 5,
        direction: null,
        periodDays: null,
        change: null,
        priceBefore: null,
        firedAt: new Date().toISOString(),
      },
      dedupeKey: key,
    });
    const child = await startChild(db.url, platform.url);
    const gone = killed(child);
    platform.onRequest = (_body, answer) => {
      if (killWhen === 'after-answer') answer();
      // SIGKILL: no cleanup, no 'finally', the row stays claimed.
      child.kill('SIGKILL');
    };
    await gone;
    const [claimed] = await outboxRows(db.orm.em.fork());
    expect(claimed?.status).toBe('sending');

    platform.onRequest = (_body, answer) => answer();
    const restarted = new Notifier({
      orm: db.orm,
      ports: { console: httpPort(platform.url) },
      log: pino({ level: 'silent' }),
      leaseMs: 3_000,
      sendTimeoutMs: 1_000,
      pollMs: 100,
      listen: false,
    });
    await restarted.start();
    try {
      await until(async () => (await outboxRows(db.orm.em.fork())).every((r) => r.status === 'sent'));
    } finally {
      await restarted.stop();
    }
  }

  it('before the platform answered: the restarted notifier delivers it', async () => {
    await scenario('crash-before-answer', 'before-answer');
    const tries = platform.requests.filter((r) => r.key === platform.requests.at(-1)?.key);
    expect(tries).toHaveLength(2);
    const [row] = await outboxRows(db.orm.em.fork());
    expect(row?.status).toBe('sent');
    expect(row?.attempts).toBe(2);
    expect(row?.platformMessageId).toBe(platform.messages.get(tries[0]?.key as string));
  });

  it('after the platform accepted it but before it was marked sent: one message, not two', async () => {
    await db.orm.em.fork().execute('truncate notifications cascade');
    const before = platform.messages.size;
    await scenario('crash-after-answer', 'after-answer');
    const key = platform.requests.at(-1)?.key as string;
    expect(platform.requests.filter((r) => r.key === key)).toHaveLength(2);
    expect(platform.messages.size).toBe(before + 1);
    const [row] = await outboxRows(db.orm.em.fork());
    expect(row?.platformMessageId).toBe(platform.messages.get(key));
  });
});
