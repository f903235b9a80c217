import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanFetch, leanRequest } from '../../src/http/lean-fetch.js';

describe('leanFetch (Slack posts over node:http)', () => {
  let server: Server;
  let base = '';
  /** `agent` is the user-agent header: the global fetch sends "node", node:http sends none. */
  const seen: { method?: string; type?: string; agent?: string; body: string }[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString();
  };
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await read(req);
      seen.push({
        method: req.method,
        type: req.headers['content-type'],
        agent: req.headers['user-agent'],
        body,
      });
      if (req.url === '/limited') return res.writeHead(429, { 'retry-after': '7' }).end('{"ok":false}');
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
      if (req.url === '/empty') return res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ ok: true, echo: body }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const f = leanFetch();

  it('posts JSON and form bodies with their content types, and reads the answer', async () => {
    const json = await f(`${base}/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(json.ok).toBe(true);
    expect(await json.json()).toEqual({ ok: true, echo: '{"text":"hi"}' });
    const form = await f(`${base}/form`, { method: 'POST', body: new URLSearchParams({ channel: 'C1' }) });
    expect(((await form.json()) as { echo: string }).echo).toBe('channel=C1');
    expect(seen.at(-1)?.type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(form.headers.get('set-cookie')).toContain('b=2');
  });

  it('gives statuses and headers as fetch does: a 429 with Retry-After, a 204 without a body', async () => {
    const limited = await f(`${base}/limited`, { method: 'POST', body: '{}' });
    expect(limited.status).toBe(429);
    expect(limited.ok).toBe(false);
    expect(limited.headers.get('retry-after')).toBe('7');
    const empty = await f(`${base}/empty`, { method: 'POST' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('rejects with the signal reason on a timeout, and with "fetch failed" when nothing listens', async () => {
    await expect(f(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    await expect(f('http://127.0.0.1:1/', {})).rejects.toThrow('fetch failed');
  });

  it('posts bytes as they are, with no content type of its own', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const res = await f(`${base}/bytes`, { method: 'POST', body: png.subarray(1, 4) });
    expect(((await res.json()) as { echo: string }).echo).toBe('PNG');
    expect(seen.at(-1)).toMatchObject({ type: undefined, agent: undefined });
    await f(`${base}/bytes`, { method: 'POST', body: new Uint8Array([0x41, 0x42]).buffer });
    expect(seen.at(-1)?.body).toBe('AB');
  });

  it('posts multipart forms (a chart to its upload URL) as fetch would, and leaves blobs to fetch', async () => {
    const form = new FormData();
    form.append('filename', 'chart.png');
    form.append('file', new Blob([Buffer.from('png bytes')]), 'chart.png');
    const res = await f(`${base}/upload`, { method: 'POST', body: form });
    expect(res.ok).toBe(true);
    const sent = seen.at(-1);
    expect(sent?.agent).toBeUndefined();
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(sent?.type ?? '')?.[1];
    expect(boundary).toBeDefined();
    // The body reads back as the same form.
    const parsed = await new Response(sent?.body, {
      headers: { 'content-type': sent?.type ?? '' },
    }).formData();
    expect(parsed.get('filename')).toBe('chart.png');
    const file = parsed.get('file') as File;
    expect([file.name, await file.text()]).toEqual(['chart.png', 'png bytes']);
    await f(`${base}/blob`, { method: 'POST', body: new Blob(['raw']) });
    expect(seen.at(-1)).toMatchObject({ agent: 'node', body: 'raw' });
  });
});

describe('leanRequest on a kept-alive socket the server dropped', () => {
  it('sends the request once more on a fresh socket, and the server sees it once', async () => {
    let seen = 0;
    const server = createServer((req, res) => {
      const n = (req.socket as { served?: number }).served ?? 0;
      (req.socket as { served?: number }).served = n + 1;
      // The second request on a connection finds it closed, as after the server's idle timeout.
      if (n >= 1) {
        req.socket.destroy();
        return;
      }
      seen++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    try {
      const request = leanRequest({ maxSockets: 1 });
      const post = () => request(url, { method: 'POST', headers: {}, body: Buffer.from('{}') });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      expect(seen).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
