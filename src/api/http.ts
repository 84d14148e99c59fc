// HTTP helpers of the Worker: JSON responses, errors shaped {"error": "..."}, and bounded JSON bodies.

/** Largest request body the API reads (a knowledge document of MAX_DOCUMENT_CHARS fits comfortably). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function errorResponse(status: number, message: string, field?: string): Response {
  return json(field ? { error: message, field } : { error: message }, status);
}

/** Reads the body as text, refusing (413) anything over `limit` bytes even when Content-Length lies. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HttpError(413, `request body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Parses a JSON body; invalid JSON is a 400 naming the body. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body: invalid JSON', 'body');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A router's table as itty-router keeps it: method ("ALL" for middleware), the path's pattern, … */
export type RouteTable = readonly (readonly [string | undefined, RegExp, ...unknown[]])[];

/**
 * What a request no route answered gets: 405 with an Allow header when the path exists for other methods,
 * else 404. Both JSON.
 */
export function routeMiss(routes: RouteTable, method: string, pathname: string): Response {
  const allowed = [...new Set(routes.filter(([routeMethod, pattern]) => routeMethod && routeMethod !== 'ALL' && pattern.test(pathname)).map(([m]) => m!))];
  if (allowed.length === 0) return errorResponse(404, `no such route: ${pathname}`);
  return methodNotAllowed(method, allowed);
}

export function methodNotAllowed(method: string, allowed: readonly string[]): Response {
  const allow = allowed.join(', ');
  return json({ error: `method ${method} is not allowed here; use ${allow}` }, 405, { allow });
}
