// A small HTTP server in Node that records what Herald sends out of band: escalation webhooks (the
// ESCALATION_WEBHOOK_URL binding points at `${url}/webhook`) and the fake send_email binding's messages
// (posted to `${url}/email` by the auxiliary worker in vitest.config.ts).
//
//   POST /<anything>            recorded as { path, headers, body (parsed JSON or text), at }; answers 204
//   GET  /_collector/requests   every recorded request, oldest first (`?path=/webhook` narrows to one path)

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CollectedRequest {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

export interface Collector {
  url: string;
  requests: CollectedRequest[];
  close(): Promise<void>;
}

/** Requests bigger than this are refused (413): nothing Herald sends is near it. */
const MAX_BODY_BYTES = 256 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

export async function startCollector(): Promise<Collector> {
  const requests: CollectedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://collector');
      if (req.method === 'GET' && url.pathname === '/_collector/requests') {
        const path = url.searchParams.get('path');
        return send(res, 200, path === null ? requests : requests.filter((r) => r.path === path));
      }
      if (req.method !== 'POST') return send(res, 405, { error: `method ${req.method} not allowed` });
      const text = await readBody(req);
      if (text === null) return send(res, 413, { error: 'body too large' });
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: recorded as text, so a test can see what was wrong with it.
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      requests.push({ path: url.pathname, headers, body, at: Date.now() });
      send(res, 204);
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}
