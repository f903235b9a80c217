import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FakeSlack, type FakeSlackCall } from '../../test/support/fakes/fake-slack.js';
import { postSigned, slashCommandBody } from '../../test/support/fakes/slack-requests.js';

/** One command sent as Slack sends it, and when its answers came back. */
interface Pending {
  sentAt: number;
  /** The reply is complete when every expected answer arrived (the message, then the chart). */
  waiting: number;
  done(): void;
}

export interface PhaseResult {
  replies: number;
  seconds: number;
  repliesPerSecond: number;
  ackMs: { p50: number; p99: number; max: number };
  endToEndMs: { p50: number; p99: number; max: number };
  /** Requests Slack would have retried: no 200 within 3 s. */
  acksOver3s: number;
  failed: number;
  /**
   * The load generator's own event-loop delay p99 (ms): how late it may have noticed an ack. It
   * shares the machine with the instances, so a large value means the ack times above include
   * the generator's waiting, not only the instance's.
   */
  generatorLagP99Ms: number;
}

export const SLACK_SECRET = 'load-benchmark-signing-secret';

/**
 * Sends signed slash commands to instances and follows each to its reply on a fake Slack: the
 * response_url message, and for a chart also the file upload. Each request gets its own channel
 * id, so the upload can be told apart.
 */
export class SlackLoad {
  readonly slack: FakeSlack;
  private readonly pending = new Map<string, Pending>();
  private seq = 0;

  constructor() {
    this.slack = new FakeSlack({ keepCalls: false, onCall: (call) => this.arrived(call) });
  }

  async start(): Promise<this> {
    await this.slack.start();
    return this;
  }

  close(): Promise<void> {
    return this.slack.close();
  }

  private arrived(call: FakeSlackCall): void {
    const key =
      call.method === 'response'
        ? `r:${call.id}`
        : call.method === 'files.completeUploadExternal'
          ? `c:${String(call.params.channel_id)}`
          : undefined;
    if (!key) return;
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (--p.waiting === 0) p.done();
  }

  /** Runs `concurrency` closed loops of slash commands for `seconds` (see runPhase). */
  phase(urls: string[], concurrency: number, seconds: number, next: NextCommand): Promise<PhaseResult> {
    return runPhase(urls, concurrency, seconds, next, (url, command) =>
      this.send(url, slackText(command), command.kind === 'history'),
    );
  }

  private async send(url: string, text: string, chart: boolean): Promise<{ ackMs: number; endMs: number }> {
    const n = ++this.seq;
    const channelId = `CLOAD${n}`;
    const responseUrl = this.slack.responseUrl();
    const responseId = new URL(responseUrl).pathname.split('/')[3] as string;
    const sentAt = performance.now();
    const replied = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(`r:${responseId}`);
        this.pending.delete(`c:${channelId}`);
        reject(new Error('no reply within 60 s'));
      }, 60_000);
      const p: Pending = {
        sentAt,
        waiting: chart ? 2 : 1,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.pending.set(`r:${responseId}`, p);
      if (chart) this.pending.set(`c:${channelId}`, p);
    });
    // Awaited below; a request that fails before then must not leave it rejecting unhandled.
    replied.catch(() => {});
    const body = slashCommandBody({
      teamId: this.slack.teamId,
      userId: `ULOAD${n % 50}`,
      channelId,
      text,
      responseUrl,
    });
    const res = await postSigned(url, SLACK_SECRET, body, 'application/x-www-form-urlencoded');
    const ackMs = performance.now() - sentAt;
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    await replied;
    return { ackMs, endMs: performance.now() - sentAt };
  }
}

/** One command of the mix, spelled for each platform by slackText and the Discord driver. */
export type LoadCommand =
  | { kind: 'price'; itemNo: string; used: boolean }
  | { kind: 'search'; word: string }
  | { kind: 'movers' }
  | { kind: 'history'; itemNo: string; days: number };

/** The next command to send; undefined ends the phase early (a list of commands all sent). */
export type NextCommand = () => LoadCommand | undefined;

export function slackText(c: LoadCommand): string {
  switch (c.kind) {
    case 'price':
      return `price ${c.itemNo}${c.used ? ' used' : ''}`;
    case 'search':
      return `search ${c.word}`;
    case 'movers':
      return 'movers 7d';
    case 'history':
      return `history ${c.itemNo} ${c.days}`;
  }
}

/**
 * Runs `concurrency` closed loops for `seconds`, over `urls` in turn: each loop sends a command
 * from `next()`, waits for its whole reply, and sends the next, until the time is up or `next()`
 * has no more.
 */
export async function runPhase(
  urls: string[],
  concurrency: number,
  seconds: number,
  next: NextCommand,
  send: (url: string, command: LoadCommand) => Promise<{ ackMs: number; endMs: number }>,
): Promise<PhaseResult> {
  const acks: number[] = [];
  const ends: number[] = [];
  let failed = 0;
  let turn = 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async () => {
    for (let command = next(); command && performance.now() < until; command = next()) {
      const url = urls[turn++ % urls.length] as string;
      try {
        const { ackMs, endMs } = await send(url, command);
        acks.push(ackMs);
        ends.push(endMs);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  lag.disable();
  const elapsed = (performance.now() - started) / 1000;
  return {
    replies: ends.length,
    seconds: round(elapsed),
    repliesPerSecond: round(ends.length / elapsed),
    ackMs: percentiles(acks),
    endToEndMs: percentiles(ends),
    acksOver3s: acks.filter((a) => a > 3000).length,
    failed,
    generatorLagP99Ms: round(lag.percentile(99) / 1e6),
  };
}

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  if (samples.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number;
  return { p50: round(rank(0.5)), p99: round(rank(0.99)), max: round(s[s.length - 1] as number) };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
