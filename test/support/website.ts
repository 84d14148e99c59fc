// Small websites for the web-source tests (src/sources), served from Node by globalSetup. Each test creates
// its own site (its own port, so its own origin and robots.txt) through the control server and sets its pages;
// the site serves them like any web server, and records every request it got.
//
//   POST   /sites                          → {"id","url"}: a new, empty site
//   PUT    /sites/:id/pages                {"path","body"?,"bodyBase64"?,"hang"?,"status"?,"contentType"?,"location"?}: set one page
//   DELETE /sites/:id/pages?path=/x        remove a page (it then answers 404)
//   GET    /sites/:id/requests             [{"path","userAgent"}] in order

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SitePage {
  body?: string;
  /** Binary bodies (a gzipped sitemap), base64-encoded; wins over body. */
  bodyBase64?: string;
  /** Never answer (the connection stays open until the client gives up). */
  hang?: boolean;
  status?: number;
  contentType?: string;
  location?: string;
}

interface Site {
  id: string;
  url: string;
  pages: Map<string, SitePage>;
  requests: { path: string; userAgent: string }[];
  server: Server;
}

export interface Websites {
  url: string;
  close(): Promise<void>;
}

const MAX_CONTROL_BODY_BYTES = 8 * 1024 * 1024;

async function listen(server: Server, sockets: Set<Socket>): Promise<string> {
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
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_CONTROL_BODY_BYTES) throw new Error('control body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function serve(site: Site, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', site.url).pathname + (new URL(req.url ?? '/', site.url).search ?? '');
  site.requests.push({ path, userAgent: String(req.headers['user-agent'] ?? '') });
  const page = site.pages.get(path);
  if (page?.hang) return;
  if (!page) {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Not found</h1></body></html>');
    return;
  }
  const headers: Record<string, string> = { 'content-type': page.contentType ?? 'text/html; charset=utf-8' };
  if (page.location) headers.location = page.location.startsWith('/') ? `${site.url}${page.location}` : page.location;
  res.writeHead(page.status ?? 200, headers);
  res.end(page.bodyBase64 !== undefined ? Buffer.from(page.bodyBase64, 'base64') : (page.body ?? ''));
}

export async function startWebsites(): Promise<Websites> {
  const sites = new Map<string, Site>();
  const sockets = new Set<Socket>();
  let next = 1;
  const control = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://control');
      const parts = url.pathname.split('/').filter(Boolean);
      if (req.method === 'POST' && url.pathname === '/sites') {
        const id = String(next++);
        const server = createServer((siteReq, siteRes) => serve(site, siteReq, siteRes));
        const site: Site = { id, url: '', pages: new Map(), requests: [], server };
        site.url = await listen(server, sockets);
        sites.set(id, site);
        return sendJson(res, 201, { id, url: site.url });
      }
      const site = parts[0] === 'sites' ? sites.get(parts[1] ?? '') : undefined;
      if (!site) return sendJson(res, 404, { error: 'no such site' });
      if (parts[2] === 'pages' && req.method === 'PUT') {
        const input = JSON.parse(await readBody(req)) as SitePage & { path: string };
        site.pages.set(input.path, { body: input.body, bodyBase64: input.bodyBase64, hang: input.hang, status: input.status, contentType: input.contentType, location: input.location });
        return sendJson(res, 200, { ok: true });
      }
      if (parts[2] === 'pages' && req.method === 'DELETE') {
        site.pages.delete(url.searchParams.get('path') ?? '');
        return sendJson(res, 200, { ok: true });
      }
      if (parts[2] === 'requests' && req.method === 'GET') return sendJson(res, 200, site.requests);
      return sendJson(res, 404, { error: 'no such route' });
    })().catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  const url = await listen(control, sockets);
  return {
    url,
    close: async () => {
      const closing = [control, ...[...sites.values()].map((site) => site.server)].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
  };
}
