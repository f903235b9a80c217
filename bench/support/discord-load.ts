import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPTION, slashCommandInteraction } from '../../test/support/fakes/fake-discord-payloads.js';
import { type LoadCommand, type NextCommand, type PhaseResult, runPhase } from './load-driver.js';

export const DISCORD_APPLICATION_ID = '100000000000000001';

/**
 * Sends signed Discord HTTP interactions (slash commands, Ed25519 over timestamp + body, as
 * Discord signs them) to instances and follows each to its reply: the response itself when the
 * reply was ready at once, else the edit of the deferred response on the interaction's webhook,
 * which a small fake Discord API on 127.0.0.1 takes. The
 * fake keeps nothing but the interactions still waiting, so a long run does not grow.
 */
export class DiscordLoad {
  private readonly keys = generateKeyPairSync('ed25519');
  private readonly pending = new Map<string, () => void>();
  private server: Server | undefined;
  url = '';

  /** DISCORD_PUBLIC_KEY for the instances: the raw 32-byte key in hex. */
  get publicKeyHex(): string {
    return this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  }

  /** DISCORD_API_URL for the instances. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // PATCH /api/v10/webhooks/:app/:token/messages/@original: the reply to an interaction.
        const parts = (req.url ?? '').split('/');
        const i = parts.indexOf('webhooks');
        const token = i >= 0 && req.method === 'PATCH' ? parts[i + 2] : undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '200000000000000001', channel_id: '300000000000000001', content: '' }));
        const done = token ? this.pending.get(token) : undefined;
        if (token && done) {
          this.pending.delete(token);
          done();
        }
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) =>
      server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve),
    );
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Runs `concurrency` closed loops of interactions for `seconds` (see runPhase). */
  phase(urls: string[], concurrency: number, seconds: number, next: NextCommand): Promise<PhaseResult> {
    return runPhase(urls, concurrency, seconds, next, (url, command) => this.send(url, command));
  }

  private async send(url: string, command: LoadCommand): Promise<{ ackMs: number; endMs: number }> {
    const payload = slashCommandInteraction(DISCORD_APPLICATION_ID, discordCommand(command));
    const token = payload.token as string;
    const body = JSON.stringify(payload);
    const sentAt = performance.now();
    const replied = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error('no reply within 60 s'));
      }, 60_000);
      this.pending.set(token, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // Awaited below; a request that fails before then must not leave it rejecting unhandled.
    replied.catch(() => {});
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), this.keys.privateKey).toString(
          'hex',
        ),
        'x-signature-timestamp': timestamp,
      },
      body,
    });
    const ackMs = performance.now() - sentAt;
    const answer = (await res.json()) as { type?: number };
    // 4: the reply itself, ready within the answer window.
    if (res.status === 200 && answer.type === 4) {
      const done = this.pending.get(token);
      this.pending.delete(token);
      done?.();
      return { ackMs, endMs: ackMs };
    }
    // 5: the deferred reply, which the webhook edit then fills in.
    if (res.status !== 200 || answer.type !== 5) {
      this.pending.delete(token);
      throw new Error(`HTTP ${res.status}, answer type ${answer.type}`);
    }
    await replied;
    return { ackMs, endMs: performance.now() - sentAt };
  }
}

/** The mix's command as Discord sends it: the command name and typed options. */
function discordCommand(c: LoadCommand): {
  name: string;
  options: { name: string; type: number; value: string | number }[];
} {
  const text = (name: string, value: string) => ({ name, type: OPTION.STRING, value });
  switch (c.kind) {
    case 'price':
      return {
        name: 'price',
        options: [text('figure', c.itemNo), ...(c.used ? [text('condition', 'used')] : [])],
      };
    case 'search':
      return { name: 'search', options: [text('query', c.word)] };
    case 'movers':
      return { name: 'movers', options: [text('period', '7d')] };
    case 'history':
      return {
        name: 'history',
        options: [text('figure', c.itemNo), { name: 'days', type: OPTION.INTEGER, value: c.days }],
      };
  }
}
