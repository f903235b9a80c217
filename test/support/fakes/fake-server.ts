import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake saw it. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * Misbehaviour a fake can be told to show. The transport faults are rendered here; the others
 * (`401-in-200`, `500-in-200`, `bad-price`) are understood by the source's own fake.
 */
export type Fault =
  | { kind: '429'; retryAfter?: string }
  | { kind: '500' }
  | { kind: '401' }
  | { kind: 'hang' }
  | { kind: 'truncated' }
  | { kind: 'garbage' }
  | { kind: '401-in-200' }
  | { kind: '500-in-200' }
  | { kind: 'bad-price' };

export interface FaultRule {
  fault: Fault;
  /** How many matching requests get the fault (Infinity: all of them). */
  remaining: number;
  match: (req: FakeRequest) => boolean;
}

export type Handler = (req: FakeRequest, fault: Fault | undefined) => FakeResponse | Promise<FakeResponse>;

/**
 * The plumbing shared by the fake sources: a node:http server on 127.0.0.1 and a free port, a log
 * of every request, and injectable faults. `hang` never answers (the client's timeout must fire);
 * `truncated` sends the first half of the real answer; `garbage` sends an HTML error page as JSON.
 */
export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly rules: FaultRule[] = [];
  private server: Server | undefined;
  url = '';
  /** Runs before each request is answered: a test can act at a precise point (stop a database). */
  beforeAnswer: ((req: FakeRequest) => Promise<void> | void) | undefined;

  constructor(private readonly handler: Handler) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const at = Date.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const request: FakeRequest = {
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', this.url),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at,
        };
        this.requests.push(request);
        await this.beforeAnswer?.(request);
        const fault = this.takeFault(request);
        if (fault?.kind === 'hang') return; // the socket stays open until the client gives up
        if (fault?.kind === '429') {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          res.writeHead(429, headers).end('{"error":"too many requests"}');
          return;
        }
        if (fault?.kind === '500') {
          res.writeHead(500, { 'content-type': 'text/html' }).end('<html><h1>500 Internal Server Error</h1>');
          return;
        }
        if (fault?.kind === 'garbage') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('<html><body>Bad Gateway</body></html>');
          return;
        }
        try {
          const response = await this.handler(request, fault);
          const body =
            fault?.kind === 'truncated' ? response.body.slice(0, response.body.length >> 1) : response.body;
          res
            .writeHead(response.status, { 'content-type': 'application/json', ...response.headers })
            .end(body);
        } catch (err) {
          res.writeHead(500).end(String(err));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Makes the next `times` requests that `match` (default: all) misbehave. */
  inject(fault: Fault, opts: { times?: number; match?: (req: FakeRequest) => boolean } = {}): void {
    this.rules.push({ fault, remaining: opts.times ?? 1, match: opts.match ?? (() => true) });
  }

  clearFaults(): void {
    this.rules.length = 0;
  }

  private takeFault(req: FakeRequest): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && r.match(req));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
