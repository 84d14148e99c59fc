// HTTP plumbing shared by the REST and control routers.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Discord-shaped API error; route handlers throw it and the pipeline renders it. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }

  toJSON(): { message: string; code: number; errors?: unknown } {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

export const Errors = {
  unauthorized: () => new DiscordError(401, 0, '401: Unauthorized'),
  notFound: () => new DiscordError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new DiscordError(405, 0, '405: Method Not Allowed'),
  unknownChannel: () => new DiscordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new DiscordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new DiscordError(404, 10008, 'Unknown Message'),
  unknownUser: () => new DiscordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new DiscordError(404, 10015, 'Unknown Webhook'),
  unknownBan: () => new DiscordError(404, 10026, 'Unknown Ban'),
  unknownCommand: () => new DiscordError(404, 10063, 'Unknown application command'),
  missingAccess: () => new DiscordError(403, 50001, 'Missing Access'),
  missingPermissions: () => new DiscordError(403, 50013, 'Missing Permissions'),
  replyWithoutHistory: () => new DiscordError(400, 160002, 'Cannot reply without permission to read message history'),
  cannotEditOthers: () => new DiscordError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new DiscordError(400, 50006, 'Cannot send an empty message'),
  alreadyAcknowledged: () => new DiscordError(400, 40060, 'Interaction has already been acknowledged.'),
  unknownInteraction: () => new DiscordError(404, 10062, 'Unknown interaction'),
  invalidWebhookToken: () => new DiscordError(401, 50027, 'Invalid Webhook Token'),
  invalidJson: () => new DiscordError(400, 50109, 'The request body contains invalid JSON.'),
  invalidApiVersion: () => new DiscordError(400, 50041, 'Invalid API version provided'),
  /** 50035 with Discord's nested `errors` object: { field: { _errors: [{ code, message }] } }. */
  invalidForm: (field: string, code: string, message: string) =>
    new DiscordError(400, 50035, 'Invalid Form Body', nestError(field.split('.'), code, message)),
};

function nestError(path: string[], code: string, message: string): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { _errors: [{ code, message }] };
  return { [head]: nestError(rest, code, message) };
}

export interface RawBody {
  raw: Buffer;
  json: unknown;
  /** Multipart file parts (discord.js sends attachments as files[n]). */
  files: { name: string; filename: string; size: number; contentType: string }[];
}

const MAX_BODY = 8 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<RawBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY) throw new DiscordError(413, 40005, 'Request entity too large');
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { raw, json: null, files: [] };
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, type);
  try {
    return { raw, json: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  } catch {
    // Discord answers malformed JSON with 50109; the pipeline turns this into that error.
    return { raw, json: undefined, files: [] };
  }
}

function parseMultipart(raw: Buffer, contentType: string): RawBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { raw, json: undefined, files: [] };
  const text = raw.toString('latin1');
  let json: unknown = null;
  const files: RawBody['files'] = [];
  for (const part of text.split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const partType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
    if (filename !== undefined) {
      files.push({ name, filename, size: Buffer.byteLength(content, 'latin1'), contentType: partType });
    } else if (name === 'payload_json') {
      try {
        json = JSON.parse(Buffer.from(content, 'latin1').toString('utf8')) as unknown;
      } catch {
        json = undefined;
      }
    }
  }
  return { raw, json, files };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Minimal router: patterns like /channels/:cid/messages/:mid; segments match literally otherwise. */
export interface Route<H> {
  method: string;
  pattern: string;
  segments: string[];
  handler: H;
}

export function route<H>(method: string, pattern: string, handler: H): Route<H> {
  return { method, pattern, segments: pattern.split('/').filter(Boolean), handler };
}

export function matchRoute<H>(
  routes: Route<H>[],
  method: string,
  path: string,
): { route: Route<H>; params: Record<string, string> } | { methodMismatch: boolean } {
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  let methodMismatch = false;
  for (const r of routes) {
    if (r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = r.segments.every((seg, i) => {
      const part = parts[i] ?? '';
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = part;
        return true;
      }
      return seg === part;
    });
    if (!ok) continue;
    if (r.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route: r, params };
  }
  return { methodMismatch };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
