import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-discord-gateway.js';
import { createMessageRoutes, type FakeInteraction, type FakeMessages } from './fake-discord-messages.js';
import { snowflake } from './fake-discord-payloads.js';

/** A file part of a multipart request (discord.js sends `files[n]` parts beside `payload_json`). */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** One REST request as the fake saw it, and what it answered. */
export interface RecordedCall {
  method: string;
  /** The path below the API version, e.g. `/interactions/123/tok/callback` (percent-encoding kept). */
  path: string;
  /** The route with its parameters named, e.g. `POST /interactions/:id/:token/callback`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body, or the `payload_json` part of a multipart body. */
  json: Record<string, unknown> | undefined;
  files: RecordedFile[];
  status: number;
  /** The response body the fake sent (parsed), for asserting on error codes. */
  response: unknown;
}

export type DiscordFault =
  /** 429 with `retry_after` (seconds) in the body and the Retry-After header, as Discord sends it. */
  | { kind: '429'; retryAfter: number; global?: boolean }
  /** 500 before doing anything. */
  | { kind: '500' }
  /** Does the work (e.g. creates the message), then answers 500: a lost response. */
  | { kind: '500-after-processing' };

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteRequest {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown> | undefined;
  files: RecordedFile[];
}

export interface Route {
  method: string;
  /** A path template such as `/channels/:channel/messages`. */
  path: string;
  /** Whether the route needs `Authorization: Bot <token>` (interaction and webhook routes do not). */
  auth: boolean;
  handle(req: RouteRequest): RouteResult | Promise<RouteResult>;
}

/** How a request to an HTTP interactions endpoint is signed (Discord: always `valid`). */
export type Signing = 'valid' | 'none' | 'wrong-key' | 'stale' | 'tampered';

/** What happened to an interaction posted to an endpoint. */
/** The route of an HTTP interaction's response body, recorded among the calls. */
export const HTTP_RESPONSE = 'RESPONSE /discord/interactions';

export interface PostedInteraction {
  interaction: FakeInteraction;
  /** The endpoint's HTTP status and parsed body. */
  status: number;
  body: unknown;
  /** Whether Discord would accept the body as the interaction's response. */
  accepted: boolean;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** HELLO's heartbeat interval; short values make discord.js heartbeat during a test. */
  heartbeatIntervalMs?: number;
  /** Discord forgets an interaction that is not answered within 3 seconds (404 Unknown interaction). */
  interactionWindowMs?: number;
  /** What GET /gateway/bot recommends: the shard count, and how many may identify at once. */
  recommendedShards?: number;
  maxConcurrency?: number;
}

/**
 * A fake Discord on 127.0.0.1 for end-to-end tests of the real discord.js client: the REST API
 * (under `/api/v10`, so `rest.api` = `apiUrl`) and the gateway (WebSocket at `/gateway`, announced by
 * `GET /gateway/bot`). It records every REST call with its JSON and files, validates message bodies
 * as Discord does, and can be told to answer 429 or 500.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: Record<string, unknown> & { id: string };
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessages;
  gateway!: FakeGateway;
  url = '';
  /** The application's interaction signing key; endpoints verify with `publicKeyHex`. */
  private readonly signingKeys = generateKeyPairSync('ed25519');
  private server: Server | undefined;
  private readonly faults: { fault: DiscordFault; remaining: number; match: (c: RecordedCall) => boolean }[] =
    [];
  private readonly routes: Route[];
  private callWaiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];

  constructor(private readonly opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'fake-bot-token.abc.def';
    this.applicationId = opts.applicationId ?? snowflake();
    this.botUser = {
      id: this.applicationId,
      username: 'minifig',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0,
    };
    this.messages = createMessageRoutes({
      applicationId: this.applicationId,
      botUser: this.botUser,
      interactionWindowMs: opts.interactionWindowMs ?? 3000,
    });
    this.routes = [
      {
        method: 'GET',
        path: '/gateway/bot',
        auth: true,
        handle: () => ({
          status: 200,
          body: {
            url: this.gatewayUrl,
            shards: this.opts.recommendedShards ?? 1,
            session_start_limit: {
              total: 1000,
              remaining: 999,
              reset_after: 14_400_000,
              max_concurrency: this.opts.maxConcurrency ?? 1,
            },
          },
        }),
      },
      {
        method: 'GET',
        path: '/gateway',
        auth: false,
        handle: () => ({ status: 200, body: { url: this.gatewayUrl } }),
      },
      { method: 'GET', path: '/users/@me', auth: true, handle: () => ({ status: 200, body: this.botUser }) },
      ...this.messages.routes,
    ];
  }

  /** The REST base for discord.js (`rest: { api }`) and DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get gatewayUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}/gateway`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.gateway = new FakeGateway(
      server,
      {
        token: this.token,
        user: this.botUser,
        application: { id: this.applicationId, flags: 0 },
      },
      { heartbeatIntervalMs: this.opts.heartbeatIntervalMs ?? 41_250, url: () => this.gatewayUrl },
    );
    return this;
  }

  async close(): Promise<void> {
    await this.gateway?.close();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends INTERACTION_CREATE over the gateway and starts the interaction's 3-second clock. */
  sendInteraction(payload: Record<string, unknown>): FakeInteraction {
    const interaction = this.messages.track(payload);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return interaction;
  }

  /** DISCORD_PUBLIC_KEY: the raw 32-byte Ed25519 key in hex, as the Developer Portal shows it. */
  get publicKeyHex(): string {
    return this.signingKeys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  }

  /**
   * Sends an interaction to an HTTP interactions endpoint as Discord does (POST, JSON, signed with
   * Ed25519 over timestamp + body) and takes its response body as the interaction's callback.
   */
  async postInteraction(
    endpoint: string,
    payload: Record<string, unknown>,
    signing: Signing = 'valid',
  ): Promise<PostedInteraction> {
    const interaction = this.messages.track(payload);
    const body = JSON.stringify(payload);
    const seconds = Math.floor(Date.now() / 1000) - (signing === 'stale' ? 600 : 0);
    const key: KeyObject =
      signing === 'wrong-key' ? generateKeyPairSync('ed25519').privateKey : this.signingKeys.privateKey;
    const signature = sign(null, Buffer.from(`${seconds}${body}`), key).toString('hex');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signing !== 'none') {
      headers['x-signature-ed25519'] = signature;
      headers['x-signature-timestamp'] = String(seconds);
    }
    const sent = signing === 'tampered' ? body.replace(/"type":\d/, '"type":1') : body;
    const res = await fetch(endpoint, { method: 'POST', headers, body: sent });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text (a 401's reason)
    }
    const answered = res.status === 200 && typeof parsed === 'object' && parsed !== null;
    const taken = answered ? this.messages.answer(interaction, parsed as Record<string, unknown>) : undefined;
    if (answered && taken) {
      // Recorded like the calls, so a reply in the response is found like one made over REST.
      this.record({
        method: 'POST',
        path: new URL(endpoint).pathname,
        route: HTTP_RESPONSE,
        params: { id: interaction.id, token: interaction.token },
        query: new URLSearchParams(),
        headers: {},
        json: parsed as Record<string, unknown>,
        files: [],
        status: taken.status,
        response: taken.body,
      });
    }
    return { interaction, status: res.status, body: parsed, accepted: (taken?.status ?? 500) < 300 };
  }

  /** Makes the next `times` calls that `match` (default: every call) misbehave. */
  inject(fault: DiscordFault, opts: { times?: number; match?: (c: RecordedCall) => boolean } = {}): void {
    this.faults.push({ fault, remaining: opts.times ?? 1, match: opts.match ?? (() => true) });
  }

  /** Calls whose route is `route` (e.g. `POST /interactions/:id/:token/callback`). */
  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((c) => c.route === route);
  }

  /** Resolves with the first call (already made or future) that matches. */
  waitForCall(match: (c: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const done = this.calls.find(match);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the expected Discord call did not arrive')),
        timeoutMs,
      );
      this.callWaiters.push({
        match,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of this.callWaiters.filter((w) => w.match(call))) {
      this.callWaiters.splice(this.callWaiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/^\/api/, '').replace(/^\/v\d+/, '');
    const method = req.method ?? 'GET';
    const call: RecordedCall = {
      method,
      path,
      route: `${method} ${path}`,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      json: undefined,
      files: [],
      status: 0,
      response: undefined,
    };
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      call.response = payload;
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(
        status,
        payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      );
      res.end(text);
      this.record(call);
    };
    try {
      await parseBody(req.headers['content-type'], body, call);
    } catch {
      send(400, { message: '400: Bad Request', code: 0 });
      return;
    }
    const found = this.findRoute(method, path);
    if (found) {
      call.route = `${method} ${found.route.path}`;
      call.params = found.params;
    }
    const fault = this.takeFault(call);
    if (fault?.kind === '429') {
      const body429 = {
        message: 'You are being rate limited.',
        retry_after: fault.retryAfter,
        global: !!fault.global,
      };
      const headers: Record<string, string> = {
        'retry-after': String(fault.retryAfter),
        'x-ratelimit-scope': fault.global ? 'global' : 'user',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(fault.retryAfter),
      };
      if (fault.global) headers['x-ratelimit-global'] = 'true';
      send(429, body429, headers);
      return;
    }
    if (fault?.kind === '500') {
      send(500, { message: '500: Internal Server Error', code: 0 });
      return;
    }
    if (!found) {
      send(404, { message: '404: Not Found', code: 0 });
      return;
    }
    if (found.route.auth && req.headers.authorization !== `Bot ${this.token}`) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const result = await found.route.handle({
      method,
      params: found.params,
      query: url.searchParams,
      headers: req.headers,
      json: call.json,
      files: call.files,
    });
    if (fault?.kind === '500-after-processing') {
      send(500, { message: '500: Internal Server Error', code: 0 });
      return;
    }
    send(result.status, result.body);
  }

  private findRoute(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const template = route.path.split('/');
      if (template.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = template.every((t, i) => {
        const actual = decodeURIComponent(parts[i] as string);
        if (t.startsWith(':')) {
          params[t.slice(1)] = actual;
          return actual.length > 0;
        }
        return t === actual;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }

  private takeFault(call: RecordedCall): DiscordFault | undefined {
    const rule = this.faults.find((r) => r.remaining > 0 && r.match(call));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }
}

/** JSON bodies as such; multipart bodies split into `payload_json` and file parts. */
async function parseBody(contentType: string | undefined, body: Buffer, call: RecordedCall): Promise<void> {
  if (body.length === 0) return;
  if (contentType?.startsWith('application/json')) {
    call.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return;
  }
  if (contentType?.startsWith('multipart/form-data')) {
    // The WHATWG Request parses multipart for us (undici, built into Node 20).
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') call.json = JSON.parse(value) as Record<string, unknown>;
        continue;
      }
      call.files.push({
        field,
        filename: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return;
  }
  throw new Error(`unexpected content type ${contentType}`);
}
