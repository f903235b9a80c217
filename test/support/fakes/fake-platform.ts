import type { Reply } from '../../../src/core/reply.js';
import type { DeliveryTarget, PlatformPort, SendOptions, SendResult } from '../../../src/notifier/port.js';

export interface FakeDelivery {
  target: DeliveryTarget;
  reply: Reply;
  idempotencyKey: string;
  messageId: string;
  /** When the send started, on the platform's clock (performance.now() unless given one). */
  startedAt: number;
}

/** What the next send answers instead of succeeding. */
export type FakeFault =
  | { kind: 'status'; status: number; retryAfterMs?: number; message?: string }
  | { kind: 'accept-then-throw' }
  | { kind: 'hang' };

/**
 * An in-memory chat platform. Like Discord with `enforce_nonce`, it keeps one message per
 * idempotency key: a repeated key returns the message already made instead of posting again
 * (`dedupe: false` turns that off, like Slack). Faults are queued per call.
 */
export class FakePlatform implements PlatformPort {
  readonly deliveries: FakeDelivery[] = [];
  /** Every call, including failed and deduplicated ones. */
  calls = 0;
  private readonly faults: FakeFault[] = [];
  private seq = 0;

  constructor(
    private readonly opts: {
      dedupe?: boolean;
      minIntervalPerTargetMs?: number;
      latencyMs?: number;
      clock?: () => number;
    } = {},
  ) {}

  get minIntervalPerTargetMs(): number | undefined {
    return this.opts.minIntervalPerTargetMs;
  }

  fail(fault: FakeFault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  async send(target: DeliveryTarget, reply: Reply, opts: SendOptions): Promise<SendResult> {
    this.calls++;
    const startedAt = (this.opts.clock ?? (() => performance.now()))();
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const fault = this.faults.shift();
    if (fault?.kind === 'hang') return new Promise(() => {});
    if (fault?.kind === 'status') {
      throw Object.assign(new Error(fault.message ?? `HTTP ${fault.status}`), {
        name: 'FakePlatformError',
        status: fault.status,
        ...(fault.retryAfterMs !== undefined ? { retryAfterMs: fault.retryAfterMs } : {}),
      });
    }
    const existing =
      this.opts.dedupe !== false
        ? this.deliveries.find((d) => d.idempotencyKey === opts.idempotencyKey)
        : undefined;
    const delivery = existing ?? {
      target,
      reply,
      idempotencyKey: opts.idempotencyKey,
      messageId: `m${++this.seq}`,
      startedAt,
    };
    if (!existing) this.deliveries.push(delivery);
    if (fault?.kind === 'accept-then-throw')
      throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    return { messageId: delivery.messageId };
  }
}
