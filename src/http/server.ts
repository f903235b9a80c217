/**
 * The service's own HTTP server, when no Slack receiver owns the port: the same route table
 * (path, methods, handler) that Bolt takes as custom routes, so /healthz and
 * /discord/interactions are served the same way with or without Slack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface HttpRoute {
  path: string;
  method: string[];
  handler(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export async function startHttpServer(port: number, routes: readonly HttpRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    Promise.resolve(route.handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
