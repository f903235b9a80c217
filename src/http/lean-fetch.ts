import http from 'node:http';
import https from 'node:https';

/**
 * A `fetch` for Slack's Web API and response_url posts, which Bolt and @slack/web-api make through
 * whatever fetch they are given. Node's own fetch (undici with web streams) spent about a fifth of
 * a busy instance's CPU on these small JSON and form posts; node:http with kept-alive connections
 * does the same work for much less. Text, form data and bytes (a chart posted to its upload URL)
 * go this way; multipart forms, blobs and streams go to the global fetch unchanged, as do
 * redirects, which these APIs do not use.
 */
export function leanFetch(opts: { maxSockets?: number } = {}): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 }),
  };
  return async (input, init) => {
    const body = init?.body;
    const bytes = body instanceof ArrayBuffer || ArrayBuffer.isView(body);
    const simple =
      body === undefined ||
      body === null ||
      bytes ||
      typeof body === 'string' ||
      body instanceof URLSearchParams;
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
    if (
      !simple ||
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      init?.redirect === 'manual'
    ) {
      return fetch(input, init);
    }
    const headers = new Headers(init?.headers);
    let payload: Buffer | undefined;
    if (body !== undefined && body !== null) {
      // Bytes go as they are and, as with fetch, with no content type unless the caller gave one.
      payload = ArrayBuffer.isView(body)
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
        : body instanceof ArrayBuffer
          ? Buffer.from(body)
          : Buffer.from(body.toString());
      if (body instanceof URLSearchParams && !headers.has('content-type')) {
        headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      }
      if (typeof body === 'string' && !headers.has('content-type')) {
        headers.set('content-type', 'text/plain;charset=UTF-8');
      }
      headers.set('content-length', String(payload.length));
    }
    const agent = agents[url.protocol];
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init?.method ?? 'GET',
          headers: Object.fromEntries(headers),
          agent,
          signal: init?.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 500;
            const noBody = status === 204 || status === 304 || init?.method === 'HEAD';
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
              else if (value !== undefined) responseHeaders.set(name, value);
            }
            resolve(
              new Response(noBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on('error', (err) =>
        reject(init?.signal?.aborted ? init.signal.reason : new TypeError('fetch failed', { cause: err })),
      );
      req.end(payload);
    });
  };
}
