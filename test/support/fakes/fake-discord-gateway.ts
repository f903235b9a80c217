import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/** Gateway opcodes (discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes). */
export const OP = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  RESUME: 6,
  RECONNECT: 7,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
} as const;

/** Close code for a bad token; discord.js treats it as unrecoverable. */
export const CLOSE_AUTHENTICATION_FAILED = 4004;
export const CLOSE_NOT_AUTHENTICATED = 4003;

export interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  id: string;
  socket: WebSocket;
  seq: number;
  identified: boolean;
  /** [shard id, shard count] from IDENTIFY; [0, 1] when the client does not shard. */
  shard: [number, number];
}

/** Discord's rule: a guild's events go to shard (guild_id >> 22) % shard count; DMs go to shard 0. */
export function shardOf(guildId: string | undefined, count: number): number {
  return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(count)) : 0;
}

export interface GatewayIdentity {
  token: string;
  user: Record<string, unknown>;
  application: { id: string; flags: number };
}

/**
 * The gateway half of the fake Discord: a WebSocket endpoint on the fake's HTTP server that speaks
 * JSON frames (no zlib: discord.js only asks for compression when zlib-sync is installed). It says
 * HELLO, answers heartbeats, checks IDENTIFY's token, sends READY, and lets a test DISPATCH events.
 */
export class FakeGateway {
  /** Every frame a client sent, in order. */
  readonly received: GatewayFrame[] = [];
  /** Every IDENTIFY payload's `d`, for asserting on intents and properties. */
  readonly identifies: Record<string, unknown>[] = [];
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly wss: WebSocketServer;
  private readyWaiters: (() => void)[] = [];

  constructor(
    server: Server,
    private readonly identity: GatewayIdentity,
    private readonly opts: { heartbeatIntervalMs: number; url: () => string },
  ) {
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  /** Sessions that have received READY. */
  get readySessions(): number {
    return [...this.sessions.values()].filter((s) => s.identified).length;
  }

  /** Resolves once some client has identified (immediately if one already has). */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    if (this.readySessions > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no client identified in time')), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The [id, count] of every identified session. */
  get shards(): [number, number][] {
    return [...this.sessions.values()].filter((s) => s.identified).map((s) => s.shard);
  }

  /** Resolves once `n` sessions have identified. */
  async waitForSessions(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.readySessions < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.readySessions} of ${n} sessions identified`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Sends a DISPATCH (op 0) with the next sequence number to the identified sessions of the shard
   * that owns the event's guild (every unsharded session is shard 0 of 1).
   */
  dispatch(event: string, data: unknown): void {
    const guildId = (data as { guild_id?: string } | null)?.guild_id;
    const targets = [...this.sessions.values()].filter(
      (s) => s.identified && s.shard[0] === shardOf(guildId, s.shard[1]),
    );
    if (targets.length === 0) throw new Error(`no identified gateway session to receive ${event}`);
    for (const session of targets) this.sendDispatch(session, event, data);
  }

  /** Closes every client connection with `code`, as Discord does before asking for a reconnect. */
  disconnectAll(code = 4000): void {
    for (const session of this.sessions.values()) session.socket.close(code, 'fake gateway disconnect');
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      socket,
      seq: 0,
      identified: false,
      shard: [0, 1],
    };
    this.sessions.set(socket, session);
    socket.on('close', () => this.sessions.delete(socket));
    socket.on('message', (raw, isBinary) => {
      let frame: GatewayFrame;
      try {
        if (isBinary) throw new Error('binary frame');
        frame = JSON.parse(raw.toString()) as GatewayFrame;
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.received.push(frame);
      this.onFrame(session, frame);
    });
    this.send(socket, {
      op: OP.HELLO,
      d: { heartbeat_interval: this.opts.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  private onFrame(session: Session, frame: GatewayFrame): void {
    switch (frame.op) {
      case OP.HEARTBEAT:
        this.send(session.socket, { op: OP.HEARTBEAT_ACK, d: null });
        return;
      case OP.IDENTIFY:
        this.onIdentify(session, frame.d as Record<string, unknown>);
        return;
      case OP.RESUME:
        // Sessions are not kept across connections: tell the client to identify afresh, as Discord
        // does for an expired session.
        this.send(session.socket, { op: OP.INVALID_SESSION, d: false });
        return;
      default:
        if (!session.identified) session.socket.close(CLOSE_NOT_AUTHENTICATED, 'Not authenticated.');
    }
  }

  private onIdentify(session: Session, d: Record<string, unknown>): void {
    this.identifies.push(d);
    if (d.token !== this.identity.token) {
      session.socket.close(CLOSE_AUTHENTICATION_FAILED, 'Authentication failed.');
      return;
    }
    session.identified = true;
    if (Array.isArray(d.shard)) session.shard = [Number(d.shard[0]), Number(d.shard[1])];
    // The fields discord.js reads from READY: user, guilds, application, session id, resume URL.
    this.sendDispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: this.identity.user,
      guilds: [],
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      resume_gateway_url: this.opts.url(),
      shard: d.shard ?? [0, 1],
      application: this.identity.application,
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }

  private sendDispatch(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    this.send(session.socket, { op: OP.DISPATCH, d: data, s: session.seq, t: event });
  }

  private send(socket: WebSocket, frame: GatewayFrame): void {
    socket.send(JSON.stringify(frame));
  }
}
