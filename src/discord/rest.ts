// One REST client for every Discord call: per-route buckets from the rate-limit headers, the global limit,
// bounded retries for 429 and 5xx, never a retry for any other 4xx, and a guard against Discord's
// invalid-request limit (10,000 401/403/429 responses per 10 minutes gets the bot's IP banned).

import { majorParameter, routeKey } from './route-key';

export const USER_AGENT = 'DiscordBot (https://github.com/herald-bot/herald, 0.1.0)';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** Written to the guild's audit log (moderation calls). */
  reason?: string;
  query?: Record<string, string>;
}

export interface RestOptions {
  apiBase: string;
  /** Bot token, or null for routes that authenticate by path (interaction webhooks). */
  token: string | null;
  maxRetries?: number;
  /** Longest rate-limit wait we accept before giving up with an error (ms). */
  maxWaitMs?: number;
  fetcher?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A failed Discord call, with what Discord said. `status` 0 means the network failed. */
export class DiscordApiError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    readonly status: number,
    readonly code: number | null,
    readonly discordMessage: string,
  ) {
    super(`${method} ${redactTokens(path)} → ${status}${code === null ? '' : ` (code ${code})`}: ${discordMessage}`);
    this.name = 'DiscordApiError';
  }

  /** Short outcome text for logs and the moderation log, e.g. "403 Missing Permissions (50013)". */
  get outcome(): string {
    return `${this.status} ${this.discordMessage}${this.code === null ? '' : ` (${this.code})`}`;
  }
}

interface SharedLimits {
  globalResetAt: number;
  invalidRequests: number[];
}

/**
 * Global-limit and invalid-request state per (API base, token). Durable Objects that share an isolate share
 * it, so one guild's global 429 slows its neighbours too; across isolates each keeps its own (bounded) view.
 */
const SHARED_LIMITS = new Map<string, SharedLimits>();

interface Bucket {
  limit: number;
  remaining: number;
  resetAt: number;
}

/** Invalid requests (401, 403, 429) are counted in this window; past the threshold we stop calling. */
export const INVALID_REQUEST_WINDOW_MS = 10 * 60_000;
export const INVALID_REQUEST_THRESHOLD = 2_000;

export class DiscordRest {
  private readonly bucketOfRoute = new Map<string, string>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Per bot token, shared by every client in this isolate: the global limit and invalid requests are per bot. */
  private readonly shared: SharedLimits;
  private readonly fetcher: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: RestOptions) {
    this.fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => Date.now());
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    const key = `${options.apiBase} ${options.token ?? ''}`;
    let shared = SHARED_LIMITS.get(key);
    if (!shared || options.fetcher) {
      // A client with its own fetcher (a test) gets its own limits.
      shared = { globalResetAt: 0, invalidRequests: [] };
      if (!options.fetcher) SHARED_LIMITS.set(key, shared);
    }
    this.shared = shared;
  }

  /** Invalid requests seen in the last ten minutes (exposed for status and tests). */
  get invalidRequestCount(): number {
    this.pruneInvalid();
    return this.shared.invalidRequests.length;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, options);
  }
  put<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, options);
  }
  patch<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, options);
  }
  delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /** Requests on one route run one after another, so a bucket's `remaining` is never raced. */
  request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const key = routeKey(method, path);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.execute<T>(method, path, key, options));
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async execute<T>(method: HttpMethod, path: string, key: string, options: RequestOptions): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.invalidRequestCount >= INVALID_REQUEST_THRESHOLD) {
        throw new DiscordApiError(method, path, 0, null, 'invalid-request guard: too many 401/403/429 responses, backing off');
      }
      await this.waitForLimits(method, path, key);

      let response: Response;
      try {
        response = await this.fetcher(this.url(path, options.query), this.init(method, options));
      } catch (error) {
        if (attempt < this.maxRetries) {
          await this.sleep(backoffMs(attempt));
          continue;
        }
        throw new DiscordApiError(method, path, 0, null, `network error: ${String(error)}`);
      }

      this.updateBucket(key, path, response.headers);
      if (response.status === 401 || response.status === 403 || response.status === 429) {
        this.shared.invalidRequests.push(this.now());
      }

      if (response.status === 429) {
        const body = await readJson(response);
        const retryAfterMs = retryAfterOf(response.headers, body) * 1000;
        const isGlobal = response.headers.get('x-ratelimit-global') === 'true' || body?.global === true;
        if (isGlobal) this.shared.globalResetAt = this.now() + retryAfterMs;
        if (attempt < this.maxRetries && retryAfterMs <= this.maxWaitMs) {
          await this.sleep(retryAfterMs);
          continue;
        }
        throw new DiscordApiError(method, path, 429, numberOr(body?.code), stringOr(body?.message, 'rate limited'));
      }
      if (response.status >= 500) {
        if (attempt < this.maxRetries) {
          await response.body?.cancel();
          await this.sleep(backoffMs(attempt));
          continue;
        }
        const body = await readJson(response);
        throw new DiscordApiError(method, path, response.status, numberOr(body?.code), stringOr(body?.message, response.statusText));
      }
      if (!response.ok) {
        const body = await readJson(response);
        throw new DiscordApiError(method, path, response.status, numberOr(body?.code), stringOr(body?.message, response.statusText));
      }
      if (response.status === 204) return null as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : null) as T;
    }
  }

  private async waitForLimits(method: HttpMethod, path: string, key: string): Promise<void> {
    const now = this.now();
    let waitUntil = this.shared.globalResetAt;
    const bucketId = this.bucketOfRoute.get(key);
    const bucket = bucketId ? this.buckets.get(bucketId) : undefined;
    if (bucket && bucket.remaining <= 0 && bucket.resetAt > waitUntil) waitUntil = bucket.resetAt;
    if (waitUntil <= now) return;
    if (waitUntil - now > this.maxWaitMs) {
      throw new DiscordApiError(method, path, 429, null, `rate limited for ${waitUntil - now} ms, longer than we wait`);
    }
    await this.sleep(waitUntil - now);
    if (bucket && bucket.resetAt <= this.now()) bucket.remaining = bucket.limit;
  }

  /** Discord's bucket hash is shared across channels; the limit is per hash and major parameter. */
  private updateBucket(key: string, path: string, headers: Headers): void {
    const hash = headers.get('x-ratelimit-bucket');
    const id = hash ? `${hash}:${majorParameter(path)}` : null;
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAfter = Number(headers.get('x-ratelimit-reset-after'));
    if (!id || !Number.isFinite(limit) || !Number.isFinite(remaining)) return;
    this.bucketOfRoute.set(key, id);
    this.buckets.set(id, { limit, remaining, resetAt: this.now() + (Number.isFinite(resetAfter) ? resetAfter * 1000 : 0) });
  }

  private url(path: string, query?: Record<string, string>): string {
    const url = new URL(this.options.apiBase + path);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  private init(method: HttpMethod, options: RequestOptions): RequestInit {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
    if (this.options.token) headers.Authorization = `Bot ${this.options.token}`;
    // Cut by code points: a half emoji would make encodeURIComponent throw.
    if (options.reason) headers['X-Audit-Log-Reason'] = encodeURIComponent(Array.from(options.reason).slice(0, 512).join(''));
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    return init;
  }

  private pruneInvalid(): void {
    const cutoff = this.now() - INVALID_REQUEST_WINDOW_MS;
    if (this.shared.invalidRequests.length && this.shared.invalidRequests[0]! < cutoff) {
      this.shared.invalidRequests = this.shared.invalidRequests.filter((at) => at >= cutoff);
    }
  }
}

/** Interaction and webhook tokens in a path are credentials: logs get the path without them. */
export function redactTokens(path: string): string {
  return path.replace(/^(\/(?:webhooks|interactions)\/\d+\/)[^/?]+/u, '$1[token]');
}

/** Exponential backoff with jitter for 5xx and network failures: ~0.5 s, 1 s, 2 s. */
export function backoffMs(attempt: number): number {
  return 500 * 2 ** attempt + Math.floor(Math.random() * 250);
}

interface DiscordErrorBody {
  message?: unknown;
  code?: unknown;
  retry_after?: unknown;
  global?: unknown;
}

async function readJson(response: Response): Promise<DiscordErrorBody | null> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null ? (value as DiscordErrorBody) : null;
  } catch {
    return null;
  }
}

function retryAfterOf(headers: Headers, body: DiscordErrorBody | null): number {
  const fromBody = Number(body?.retry_after);
  if (Number.isFinite(fromBody) && fromBody >= 0) return fromBody;
  const fromHeader = Number(headers.get('retry-after'));
  return Number.isFinite(fromHeader) && fromHeader >= 0 ? fromHeader : 1;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}
