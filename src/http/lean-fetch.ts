import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { FormDataEncoder } from 'form-data-encoder';

/**
 * A `fetch` for Slack's Web API and response_url posts, which Bolt and @slack/web-api make through
 * whatever fetch they are given. Node's own fetch (undici with web streams) spent about a fifth of
 * a busy instance's CPU on these small JSON and form posts; node:http with kept-alive connections
 * does the same work for much less. Text, forms, bytes and multipart forms (a chart posted to its
 * upload URL) go this way; blobs and streams go to the global fetch unchanged, as do redirects,
 * which these APIs do not use.
 */
export function leanFetch(request: LeanRequest = leanRequest()): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
    const protocol = url?.protocol;
    if (!url || (protocol !== 'http:' && protocol !== 'https:') || init?.redirect === 'manual') {
      return fetch(input, init);
    }
    const headers = new Headers(init?.headers);
    const payload = await encodeBody(init?.body, headers);
    if (payload === 'not mine') return fetch(input, init);
    const method = init?.method ?? 'GET';
    const answer = await request(url, {
      method,
      headers: Object.fromEntries(headers),
      body: payload,
      signal: init?.signal ?? undefined,
    });
    const noBody = answer.status === 204 || answer.status === 304 || method === 'HEAD';
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    return new Response(noBody ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: responseHeaders,
    });
  };
}

/** What a server answered, read whole. */
export interface LeanAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP(S) request over kept-alive connections; rejects as fetch does (the signal's reason, or "fetch failed"). */
export type LeanRequest = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Buffer; signal?: AbortSignal },
) => Promise<LeanAnswer>;

/**
 * The node:http requests under leanFetch, for a caller that needs no Response: building one (a
 * web stream around the body) cost as much as the request itself, and a reply to a slash command
 * makes one such post every time (reply.ts).
 */
export function leanRequest(opts: { maxSockets?: number } = {}): LeanRequest {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 }),
  };
  const request: LeanRequest = (url, init) => once(url, init, true);
  const once = (url: URL, init: Parameters<LeanRequest>[1], mayRetry: boolean) =>
    new Promise<LeanAnswer>((resolve, reject) => {
      const send = url.protocol === 'https:' ? https.request : http.request;
      const req = send(
        url,
        {
          method: init.method,
          headers: init.headers,
          agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
          signal: init.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 500,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while it sat idle: the request never reached the
        // server, so it goes once more on a fresh socket (Node's documented remedy for this race).
        if (
          mayRetry &&
          req.reusedSocket &&
          (err.code === 'ECONNRESET' || err.code === 'EPIPE') &&
          !init.signal?.aborted
        ) {
          once(url, init, false).then(resolve, reject);
          return;
        }
        reject(init.signal?.aborted ? init.signal.reason : new TypeError('fetch failed', { cause: err }));
      });
      req.end(init.body);
    });
  return request;
}

/**
 * The bytes of a request body, with the content type and length fetch would give it set in
 * `headers`; 'not mine' for bodies left to the global fetch (blobs, streams).
 */
async function encodeBody(
  body: RequestInit['body'],
  headers: Headers,
): Promise<Buffer | undefined | 'not mine'> {
  let payload: Buffer;
  let type: string | undefined;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    payload = Buffer.from(body);
    type = 'text/plain;charset=UTF-8';
  } else if (body instanceof URLSearchParams) {
    payload = Buffer.from(body.toString());
    type = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (ArrayBuffer.isView(body)) {
    payload = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else if (body instanceof ArrayBuffer) {
    payload = Buffer.from(body);
  } else if (body instanceof FormData) {
    // Multipart, as a file upload to Slack goes: form-data-encoder writes what fetch would send.
    const encoder = new FormDataEncoder(body);
    const parts: Uint8Array[] = [];
    for await (const part of encoder.encode()) parts.push(part);
    payload = Buffer.concat(parts);
    type = encoder.contentType;
  } else {
    return 'not mine';
  }
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  headers.set('content-length', String(payload.length));
  return payload;
}
