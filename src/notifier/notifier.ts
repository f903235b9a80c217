/**
 * The notifier: runs in the main thread, where the chat clients live, and empties the outbox.
 *
 * One loop per instance: claim a batch of due rows (FOR UPDATE SKIP LOCKED, under a lease), render
 * each through the same reply builders as commands, send it through the platform's port, and write
 * the outcome at once, one row at a time, so the gap between "the platform accepted it" and "the
 * row says sent" is one UPDATE. Rows for different targets go out in parallel; rows for one target
 * go in order, paced where the platform wants it (Slack: one message per second per channel).
 *
 * It wakes on NOTIFY (the outbox trigger fires on every insert, see ./listener.ts), when the next
 * retry falls due, and otherwise every `pollMs`, so a lost notification only delays delivery.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Reply } from '../core/reply.js';
import {
  type ClaimedNotification,
  claimDue,
  markFailed,
  markSent,
  msUntilNextDue,
  type NotificationPlatform,
  scheduleRetry,
} from '../db/repositories/notifications.js';
import { log as rootLog } from '../log.js';
import { renderNotification } from '../replies/notification.js';
import { OutboxListener } from './listener.js';
import { type Clock, Pacer, REAL_CLOCK } from './pacer.js';
import { classifyFailure, idempotencyKeyFor, type PlatformPort } from './port.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js';

export interface NotifierOptions {
  orm: MikroORM;
  /** The platforms this instance delivers to; rows for other platforms wait for an instance that can. */
  ports: Partial<Record<NotificationPlatform, PlatformPort>>;
  log?: Logger;
  /** Rows claimed at once (default 50). */
  batchSize?: number;
  /** How long a claim holds (default 60 s). A crashed instance's rows are retried after it. */
  leaseMs?: number;
  /**
   * The longest one send may take (default 20 s). A send not started at least this long before
   * the lease ends is released instead, so no send can outlive its lease and race a new owner.
   */
  sendTimeoutMs?: number;
  /** Fallback polling interval (default 5 s). */
  pollMs?: number;
  /** Targets served in parallel (default 8). */
  concurrency?: number;
  retry?: RetryPolicy;
  /** LISTEN for the outbox trigger (default true). */
  listen?: boolean;
  render?: (row: ClaimedNotification) => Reply;
  /**
   * The clock for pacing, lease deadlines and the wait between rounds (default: the real one).
   * Tests give a virtual one, and see the notifier go idle when it calls `sleep`.
   */
  clock?: Clock;
}

export interface NotifierStats {
  sent: number;
  retried: number;
  failed: number;
  released: number;
}

type Outcome = keyof NotifierStats;

export class Notifier {
  readonly stats: NotifierStats = { sent: 0, retried: 0, failed: 0, released: 0 };
  private readonly log: Logger;
  private readonly platforms: NotificationPlatform[];
  private readonly clock: Clock;
  private readonly pacer: Pacer;
  private readonly opts: Required<Omit<NotifierOptions, 'log' | 'ports' | 'orm' | 'clock'>>;
  private listener: OutboxListener | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly stopController = new AbortController();

  constructor(private readonly config: NotifierOptions) {
    this.log = (config.log ?? rootLog).child({ component: 'notifier' });
    this.platforms = (Object.keys(config.ports) as NotificationPlatform[]).filter((p) => config.ports[p]);
    this.clock = config.clock ?? REAL_CLOCK;
    this.pacer = new Pacer(this.clock);
    this.opts = {
      batchSize: config.batchSize ?? 50,
      leaseMs: config.leaseMs ?? 60_000,
      sendTimeoutMs: config.sendTimeoutMs ?? 20_000,
      pollMs: config.pollMs ?? 5_000,
      concurrency: config.concurrency ?? 8,
      retry: config.retry ?? DEFAULT_RETRY_POLICY,
      listen: config.listen ?? true,
      render: config.render ?? ((row) => renderNotification(row.payload)),
    };
    if (this.opts.sendTimeoutMs * 2 > this.opts.leaseMs) {
      throw new Error('the lease must be at least twice the send timeout');
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.opts.listen) {
      this.listener = new OutboxListener(this.config.orm.config.get('clientUrl') as string, this.log, () =>
        this.wake(),
      );
      await this.listener.start();
    }
    this.loop = this.run();
    this.log.info({ platforms: this.platforms }, 'notifier started');
  }

  /** Stops claiming, lets sends in flight finish and record their outcome, then closes the listener. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    this.wake();
    await this.loop;
    await this.listener?.stop();
    this.log.info({ stats: this.stats }, 'notifier stopped');
  }

  /** Checks the outbox now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Claims and delivers until nothing is due. Returns the rows handled. For tests and one-off runs. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runBatch();
      total += n;
      if (n < this.opts.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runBatch();
      } catch (err) {
        // The database went away or similar: say so, keep going; the next round retries.
        this.log.error({ err }, 'notifier round failed');
      }
      if (!this.running) break;
      if (handled >= this.opts.batchSize) continue;
      await this.sleep(await this.nextWaitMs());
    }
  }

  private async nextWaitMs(): Promise<number> {
    try {
      const due = await msUntilNextDue(this.config.orm.em.fork(), this.platforms);
      return due === null ? this.opts.pollMs : Math.min(this.opts.pollMs, due + 5);
    } catch {
      return this.opts.pollMs;
    }
  }

  /** Waits `ms`, or less if woken meanwhile; a wake() since the last sleep skips the wait. */
  private async sleep(ms: number): Promise<void> {
    if (!this.woken) {
      const woken = new AbortController();
      this.wakeUp = () => woken.abort();
      await this.clock.sleep(ms, woken.signal);
      this.wakeUp = undefined;
    }
    this.woken = false;
  }

  private async runBatch(): Promise<number> {
    if (this.platforms.length === 0) return 0;
    const em = this.config.orm.em.fork();
    const token = randomUUID();
    // Taken before the claim is sent: the lease the database grants starts later, never earlier.
    const claimedAt = this.clock.now();
    const rows = await claimDue(em, {
      platforms: this.platforms,
      limit: this.opts.batchSize,
      leaseMs: this.opts.leaseMs,
      token,
    });
    if (rows.length === 0) return 0;
    this.pacer.prune();
    const lastStart = claimedAt + this.opts.leaseMs - this.opts.sendTimeoutMs;
    const byTarget = new Map<string, ClaimedNotification[]>();
    for (const row of rows) {
      const key = `${row.platform}:${row.targetKind}:${row.targetId}`;
      const list = byTarget.get(key) ?? [];
      list.push(row);
      byTarget.set(key, list);
    }
    const queues = [...byTarget.entries()];
    const worker = async () => {
      for (let next = queues.shift(); next; next = queues.shift()) {
        const [key, list] = next;
        for (const row of list) this.count(await this.deliver(row, key, lastStart));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, queues.length) }, worker));
    return rows.length;
  }

  private count(outcome: Outcome): void {
    this.stats[outcome]++;
  }

  private async deliver(row: ClaimedNotification, targetKey: string, lastStart: number): Promise<Outcome> {
    const em = this.config.orm.em.fork();
    const port = this.config.ports[row.platform] as PlatformPort;
    const log = this.log.child({ notification: row.id, kind: row.kind, platform: row.platform });
    let reply: Reply;
    try {
      reply = this.opts.render(row);
    } catch (err) {
      log.error({ err }, 'notification payload could not be rendered');
      await markFailed(
        em,
        row.id,
        row.claimToken,
        `could not render the payload: ${String(err).slice(0, 300)}`,
      );
      return 'failed';
    }
    if (port.minIntervalPerTargetMs) {
      await this.pacer.wait(targetKey, port.minIntervalPerTargetMs, this.stopController.signal);
    }
    if (!this.running && this.loop !== undefined) {
      await scheduleRetry(em, row.id, row.claimToken, { delayMs: 0, error: null, countAttempt: false });
      return 'released';
    }
    if (this.clock.now() > lastStart) {
      // Too close to the end of the lease to start a send safely: hand the row back untouched.
      await scheduleRetry(em, row.id, row.claimToken, { delayMs: 0, error: null, countAttempt: false });
      return 'released';
    }
    try {
      const result = await withTimeout(
        port.send({ kind: row.targetKind, id: row.targetId, workspaceId: row.workspaceId }, reply, {
          idempotencyKey: idempotencyKeyFor(row.dedupeKey),
        }),
        this.opts.sendTimeoutMs,
      );
      const marked = await markSent(em, row.id, row.claimToken, result.messageId);
      if (!marked) log.error('delivered, but the claim was lost before it could be marked sent');
      return 'sent';
    } catch (err) {
      const failure = classifyFailure(err);
      const decision = decideRetry(failure, row.attempts, this.opts.retry);
      if (decision.action === 'fail') {
        log.warn({ reason: decision.reason, attempts: row.attempts }, 'notification failed for good');
        await markFailed(em, row.id, row.claimToken, decision.reason);
        return 'failed';
      }
      log.info({ reason: failure.reason, delayMs: decision.delayMs }, 'notification will be retried');
      await scheduleRetry(em, row.id, row.claimToken, {
        delayMs: decision.delayMs,
        error: failure.reason,
        countAttempt: decision.countAttempt,
      });
      return 'retried';
    }
  }
}

class SendTimeoutError extends Error {
  override name = 'TimeoutError';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`the platform did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
