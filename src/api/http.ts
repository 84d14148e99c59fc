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

/** Deepest nesting of arrays/objects a JSON body may have (settings need 3; deeper is never meaningful). */
export const MAX_JSON_DEPTH = 32;
/** Most items in one JSON array, and most keys in one object, of a request body. */
export const MAX_JSON_ITEMS = 1_000;

export interface JsonBounds {
  /** Body size in bytes (413 past it). */
  limit: number;
  maxDepth: number;
  /** Items per array and keys per object. */
  maxItems: number;
  /** Characters per string (keys included). */
  maxStringChars: number;
}

export const DEFAULT_JSON_BOUNDS: JsonBounds = { limit: MAX_BODY_BYTES, maxDepth: MAX_JSON_DEPTH, maxItems: MAX_JSON_ITEMS, maxStringChars: MAX_BODY_BYTES };

/**
 * Parses a JSON body within `bounds`; invalid JSON is a 400 naming the body, a bound exceeded a 400 naming
 * where. Depth is checked on the text before parsing and sizes right after, before any validator walks the
 * value (10,000 levels overflowed a recursive walk; a 500,000-item array took seconds to validate).
 */
export async function readJsonBody(request: Request, bounds: Partial<JsonBounds> = {}): Promise<unknown> {
  const b = { ...DEFAULT_JSON_BOUNDS, ...bounds };
  const text = await readBodyText(request, b.limit);
  if (nestingDepth(text, b.maxDepth) > b.maxDepth) throw new HttpError(400, `body: nested deeper than ${b.maxDepth} levels`, 'body');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body: invalid JSON', 'body');
  }
  const problem = jsonSizeProblem(value, b);
  // A path through long keys would make a huge error; the start of it is enough to find the place.
  if (problem) throw new HttpError(400, `${problem.field.slice(0, 200)}: ${problem.error}`, problem.field.slice(0, 200));
  return value;
}

/** Bracket depth of JSON text (strings skipped), stopping as soon as it passes `stopAbove`. */
function nestingDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > stopAbove) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The first array, object or string over its bound, by dotted path (iterative: no recursion on input). */
function jsonSizeProblem(root: unknown, b: JsonBounds): { field: string; error: string } | null {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    const field = path || 'body';
    if (typeof value === 'string') {
      if (value.length > b.maxStringChars) return { field, error: `text longer than ${b.maxStringChars} characters` };
    } else if (Array.isArray(value)) {
      if (value.length > b.maxItems) return { field, error: `a list of more than ${b.maxItems} items` };
      value.forEach((item, index) => stack.push([item, `${path}[${index}]`]));
    } else if (isRecord(value)) {
      const keys = Object.keys(value);
      if (keys.length > b.maxItems) return { field, error: `an object with more than ${b.maxItems} keys` };
      for (const key of keys) {
        if (key.length > b.maxStringChars) return { field, error: `a key longer than ${b.maxStringChars} characters` };
        stack.push([value[key], path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
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
