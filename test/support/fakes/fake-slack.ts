import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockProblems } from './slack-block-rules.js';

/** One request the fake received: a Web API method, a file upload or a response_url post. */
export interface FakeSlackCall {
  /** The Web API method ("chat.postMessage"), or "upload" / "response" for the two other endpoints. */
  method: string;
  /** Form or JSON parameters; JSON-encoded values (blocks, files) are decoded. */
  params: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The response_url id or the uploaded file id, for "response" and "upload". */
  id?: string;
  /** When the request arrived. */
  at: Date;
  /** The workspace whose token the call carried (Web API methods only). */
  teamId?: string;
}

export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  altText?: string;
  /** The bytes that arrived at the upload URL (undefined until then). */
  data?: Buffer;
  /** Set by files.completeUploadExternal. */
  completed?: { channelId?: string; title?: string; initialComment?: string; threadTs?: string };
}

export type SlackFault =
  | { kind: '429'; retryAfterSec: number }
  | { kind: '500' }
  /** HTTP 200 with `{ ok: false, error }`, how Slack reports most failures. */
  | { kind: 'error'; error: string };

interface FaultRule {
  method: string;
  fault: SlackFault;
  remaining: number;
}

export interface FakeSlackOptions {
  /** The bot token calls must carry (Authorization: Bearer ...). */
  token?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Called with every request as it arrives (load benchmarks follow their requests this way). */
  onCall?: (call: FakeSlackCall) => void;
  /** Keep every request in `calls` (default); a long load run turns it off to keep memory flat. */
  keepCalls?: boolean;
  /** The app's OAuth credentials, which oauth.v2.access checks. */
  clientId?: string;
  clientSecret?: string;
}

/** A workspace's grant: what oauth.v2.access hands over for a code and its refresh token. */
interface Grant {
  teamId: string;
  teamName: string;
  /** Token rotation: access tokens expire after this many seconds and are refreshed. */
  expiresInSec?: number;
}

/**
 * A fake Slack on 127.0.0.1 speaking the real wire format: the Web API under /api/ (form-encoded
 * requests, `{ ok }` JSON answers, 429 with Retry-After), the external upload URL that
 * files.getUploadURLExternal hands out, and response_url endpoints for slash commands and buttons.
 * Messages are checked against Slack's Block Kit rules, so an over-long reply fails here as it
 * would in Slack. Every request is recorded in `calls`.
 */
export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  readonly uploads = new Map<string, FakeUpload>();
  /** users.info answers; any other U… id is an ordinary member (is_admin false). */
  readonly users = new Map<string, { name: string; is_admin: boolean; is_owner?: boolean }>();
  readonly token: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every bot token Slack would accept now, and its workspace. */
  readonly tokens = new Map<string, string>();
  private readonly codes = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant & { accessToken: string }>();
  private readonly faults: FaultRule[] = [];
  private readonly delays = new Map<string, number>();
  private server: Server | undefined;
  private origin = '';
  private seq = 0;
  private readonly onCall: ((call: FakeSlackCall) => void) | undefined;
  private readonly keepCalls: boolean;

  constructor(opts: FakeSlackOptions = {}) {
    this.onCall = opts.onCall;
    this.keepCalls = opts.keepCalls ?? true;
    this.token = opts.token ?? 'xoxb-fake-token';
    this.botUserId = opts.botUserId ?? 'UBOT000001';
    this.botId = opts.botId ?? 'BBOT000001';
    this.teamId = opts.teamId ?? 'T0000TEAM1';
    this.clientId = opts.clientId ?? '1111.2222';
    this.clientSecret = opts.clientSecret ?? 'fake-client-secret';
    this.tokens.set(this.token, this.teamId);
  }

  /**
   * What happens when a person approves the install on Slack's consent page: a one-time code that
   * the redirect carries back to the app (which trades it with oauth.v2.access).
   */
  approveInstall(grant: { teamId: string; teamName?: string; expiresInSec?: number }): string {
    const code = `code-${randomBytes(6).toString('hex')}`;
    this.codes.set(code, { teamName: `Team ${grant.teamId}`, ...grant });
    return code;
  }

  /** The workspace revokes every token it gave the app (as on uninstall). */
  revokeTokensOf(teamId: string): void {
    for (const [token, team] of this.tokens) if (team === teamId) this.tokens.delete(token);
    for (const [refresh, grant] of this.refreshTokens)
      if (grant.teamId === teamId) this.refreshTokens.delete(refresh);
  }

  /** The Web API base to give a client as `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, headers, body }) => res.writeHead(status, headers).end(body),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A fresh response_url served by this fake (slash commands and buttons carry one). */
  responseUrl(): string {
    return `${this.origin}/commands/${this.teamId}/${++this.seq}/${randomBytes(8).toString('hex')}`;
  }

  /** The next `times` requests for `method` ("chat.postMessage", "upload", "response") misbehave. */
  fail(method: string, fault: SlackFault, times = 1): void {
    this.faults.push({ method, fault, remaining: times });
  }

  /** Answers every later `method` call only after `ms` (a slow Slack; the call is recorded on arrival). */
  slowDown(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until a call to `method` matching `where` has arrived; the flows answer after the ack. */
  async waitFor(
    method: string,
    where: (call: FakeSlackCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<FakeSlackCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find((c) => c.method === method && where(c));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => c.method).join(', ') || 'nothing';
        throw new Error(`no ${method} call within ${timeoutMs} ms (saw: ${seen})`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const contentType = String(req.headers['content-type'] ?? '');
    const route = routeOf(url.pathname);
    const call: FakeSlackCall = {
      method: route.method,
      params: {},
      headers: req.headers,
      id: route.id,
      at: new Date(),
    };
    // response_url takes JSON whatever the content type says; the upload URL takes bytes.
    if (route.method === 'response') call.params = parseParams(raw, 'application/json');
    else if (route.method !== 'upload') call.params = parseParams(raw, contentType);
    if (this.keepCalls) this.calls.push(call);
    this.onCall?.(call);
    const delay = this.delays.get(route.method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));

    const fault = this.takeFault(route.method);
    if (fault?.kind === '429') {
      return json({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(fault.retryAfterSec) });
    }
    if (fault?.kind === '500') {
      return { status: 500, headers: { 'content-type': 'text/html' }, body: '<html><h1>500</h1></html>' };
    }
    if (fault?.kind === 'error') return json({ ok: false, error: fault.error });

    if (route.method === 'response') return this.onResponseUrl(call);
    if (route.method === 'upload') return this.onUpload(route.id ?? '', raw, contentType);
    if (route.method === 'unknown') return { status: 404, headers: {}, body: 'not found' };
    if (route.method === 'oauth.v2.access') return this.onOAuthAccess(call.params, req.headers.authorization);
    // Slack reads the token from the Authorization header (or a `token` parameter).
    const token = bearer(req.headers.authorization) ?? call.params.token;
    const teamId = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!teamId) return json({ ok: false, error: 'invalid_auth' });
    call.teamId = teamId;
    return this.onMethod(route.method, call.params, teamId);
  }

  /** oauth.v2.access: a code from the consent page, or a refresh token (token rotation). */
  private onOAuthAccess(p: Record<string, unknown>, authorization: string | undefined): Answer {
    const basic = authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')
      : [];
    const clientId = p.client_id ?? basic[0];
    const clientSecret = p.client_secret ?? basic[1];
    if (clientId !== this.clientId) return json({ ok: false, error: 'invalid_client_id' });
    if (clientSecret !== this.clientSecret) return json({ ok: false, error: 'bad_client_secret' });
    let grant: Grant | undefined;
    if (p.grant_type === 'refresh_token') {
      const known = this.refreshTokens.get(String(p.refresh_token));
      if (!known) return json({ ok: false, error: 'invalid_refresh_token' });
      // The old access token stops working once a new one is issued.
      this.tokens.delete(known.accessToken);
      grant = known;
    } else {
      grant = this.codes.get(String(p.code));
      if (!grant) return json({ ok: false, error: 'invalid_code' });
      this.codes.delete(String(p.code));
    }
    const rotating = grant.expiresInSec !== undefined;
    const accessToken = `${rotating ? 'xoxe.' : ''}xoxb-${grant.teamId}-${randomBytes(8).toString('hex')}`;
    this.tokens.set(accessToken, grant.teamId);
    const refreshToken = rotating ? `xoxe-1-${randomBytes(8).toString('hex')}` : undefined;
    if (refreshToken) {
      if (p.grant_type === 'refresh_token') this.refreshTokens.delete(String(p.refresh_token));
      this.refreshTokens.set(refreshToken, { ...grant, accessToken });
    }
    if (p.grant_type === 'refresh_token') {
      return json({
        ok: true,
        token_type: 'bot',
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_in: grant.expiresInSec,
        scope: 'commands,chat:write',
        bot_user_id: this.botUserId,
        app_id: 'A0000APP01',
        team: { id: grant.teamId, name: grant.teamName },
      });
    }
    return json({
      ok: true,
      app_id: 'A0000APP01',
      authed_user: { id: 'UINSTALLER' },
      scope: 'commands,chat:write,files:write,app_mentions:read,im:write,users:read',
      token_type: 'bot',
      access_token: accessToken,
      ...(rotating ? { refresh_token: refreshToken, expires_in: grant.expiresInSec } : {}),
      bot_user_id: this.botUserId,
      team: { id: grant.teamId, name: grant.teamName },
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  private onMethod(method: string, p: Record<string, unknown>, teamId: string): Answer {
    switch (method) {
      case 'auth.test':
        return json({
          ok: true,
          url: 'https://minifig-test.slack.com/',
          team: 'Minifig Test',
          user: 'minifig',
          team_id: teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        });
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (!p.channel) return json({ ok: false, error: 'channel_not_found' });
        if (method === 'chat.postEphemeral' && !p.user) return json({ ok: false, error: 'user_not_found' });
        const invalid = messageProblem(p);
        if (invalid) return json(invalid);
        const ts = this.nextTs();
        return method === 'chat.postMessage'
          ? json({ ok: true, channel: p.channel, ts, message: { text: p.text, blocks: p.blocks, ts } })
          : json({ ok: true, message_ts: ts });
      }
      case 'files.getUploadURLExternal': {
        const length = Number(p.length);
        if (!p.filename || !Number.isInteger(length) || length <= 0) {
          return json({ ok: false, error: 'invalid_arguments' });
        }
        const fileId = `F${randomBytes(5).toString('hex').toUpperCase()}`;
        this.uploads.set(fileId, {
          fileId,
          filename: String(p.filename),
          length,
          altText: p.alt_text === undefined ? undefined : String(p.alt_text),
        });
        return json({ ok: true, upload_url: `${this.origin}/upload/v1/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(p.files) ? (p.files as { id: string; title?: string }[]) : [];
        if (files.length === 0) return json({ ok: false, error: 'invalid_arguments' });
        for (const f of files) {
          const upload = this.uploads.get(f.id);
          if (!upload?.data) return json({ ok: false, error: 'file_not_found' });
          upload.completed = {
            channelId: p.channel_id as string | undefined,
            title: f.title,
            initialComment: p.initial_comment as string | undefined,
            threadTs: p.thread_ts as string | undefined,
          };
        }
        return json({
          ok: true,
          files: files.map((f) => ({ id: f.id, title: f.title, name: this.uploads.get(f.id)?.filename })),
        });
      }
      case 'users.info': {
        const id = String(p.user ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(id)) return json({ ok: false, error: 'user_not_found' });
        const known = this.users.get(id) ?? { name: id.toLowerCase(), is_admin: false };
        return json({
          ok: true,
          user: {
            id,
            team_id: teamId,
            name: known.name,
            is_admin: known.is_admin,
            is_owner: !!known.is_owner,
          },
        });
      }
      default:
        return json({ ok: false, error: 'unknown_method' });
    }
  }

  /** response_url: JSON in, "ok" out; Slack refuses an invalid message with a 400 and the reason. */
  private onResponseUrl(call: FakeSlackCall): Answer {
    const invalid = messageProblem(call.params);
    if (invalid) return { status: 400, headers: { 'content-type': 'text/plain' }, body: invalid.error };
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  }

  private async onUpload(fileId: string, raw: Buffer, contentType: string): Promise<Answer> {
    const upload = this.uploads.get(fileId);
    if (!upload) return { status: 404, headers: {}, body: 'unknown upload' };
    upload.data = await uploadedBytes(raw, contentType);
    const call = this.calls.at(-1);
    if (call) call.params = { bytes: upload.data.length };
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: `OK - ${upload.data.length}` };
  }

  private takeFault(method: string): SlackFault | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && f.method === method);
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function routeOf(pathname: string): { method: string; id?: string } {
  const api = /^\/api\/([a-zA-Z0-9.]+)$/.exec(pathname);
  if (api?.[1]) return { method: api[1] };
  const upload = /^\/upload\/v1\/(\w+)$/.exec(pathname);
  if (upload?.[1]) return { method: 'upload', id: upload[1] };
  if (pathname.startsWith('/commands/')) return { method: 'response', id: pathname.split('/')[3] };
  return { method: 'unknown' };
}

/** What Slack checks before accepting a message: some text or blocks, and valid blocks. */
function messageProblem(
  p: Record<string, unknown>,
): { ok: false; error: string; errors?: string[] } | undefined {
  const hasText = typeof p.text === 'string' && p.text.length > 0;
  if (!hasText && p.blocks === undefined) return { ok: false, error: 'no_text' };
  if (typeof p.text === 'string' && p.text.length > 40_000) return { ok: false, error: 'msg_too_long' };
  const problems = blockProblems(p.blocks);
  return problems.length > 0 ? { ok: false, error: 'invalid_blocks', errors: problems } : undefined;
}

const JSON_PARAMS = new Set(['blocks', 'files', 'attachments', 'metadata']);

function parseParams(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json'))
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    params[key] = JSON_PARAMS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}

/** The file bytes of an upload: the file part of a multipart body, or the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.includes('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
