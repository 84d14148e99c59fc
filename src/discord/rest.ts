// One REST client for every Discord call: per-route buckets from the rate-limit headers, the global limit,
// bounded retries for 429 and 5xx, never a retry for any other 4xx, a timeout on every fetch, and a guard
// against Discord's invalid-request limit (10,000 401/403/429 responses per 10 minutes gets the bot's IP
// banned), with a per-tenant (guild) share so one guild's 403 storm stops that guild, not its neighbours.

import { majorParameter, routeKey } from './route-key.js';

export const USER_AGENT = 'DiscordBot (https://github.com/herald-bot/herald, 0.1.0)';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** Written to the guild's audit log (moderation calls). */
  reason?: string;
  query?: Record<string, string>;
  /** Overrides the client's maxWaitMs for this request. */
  maxWaitMs?: number;
}

export interface RestOptions {
  apiBase: string;
  /** Bot token, or null for routes that authenticate by path (interaction webhooks). */
  token: string | null;
  maxRetries?: number;
  /** Longest rate-limit wait we sit out before giving up with a RateLimitedError (ms). */
  maxWaitMs?: number;
  /** Per-attempt timeout of each fetch (ms); a timed-out attempt is retried like a network error. */
  timeoutMs?: number;
  /** Who the calls are for (a guild id): its invalid requests also count against its own share. */
  tenant?: string;
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

/**
 * A call we did not make (or gave up on) because a rate limit asks for a longer wait than the caller sits
 * out: `retryAfterMs` says when trying again makes sense. The caller parks the work instead of holding a slot.
 * `status` is 429 for Discord's limits, 0 for our own invalid-request guard.
 */
export class RateLimitedError extends DiscordApiError {
  constructor(method: HttpMethod, path: string, status: number, code: number | null, discordMessage: string, readonly retryAfterMs: number) {
    super(method, path, status, code, discordMessage);
    this.name = 'RateLimitedError';
  }
}

interface SharedLimits {
  globalResetAt: number;
  invalidRequests: number[];
  /** Invalid-request times per tenant (guild), for its own share of the budget. */
  tenants: Map<string, number[]>;
}

/**
 * Global-limit and invalid-request state per (API base, token). Durable Objects that share an isolate share
 * it, so one guild's global 429 slows its neighbours too; across isolates each keeps its own (bounded) view.
 */
const SHARED_LIMITS = new Map<string, SharedLimits>();
const FETCHER_LIMITS = new WeakMap<typeof fetch, Map<string, SharedLimits>>();

interface Bucket {
  limit: number;
  remaining: number;
  resetAt: number;
}

/** Invalid requests (401, 403, 429) are counted in this window; past the threshold we stop calling. */
export const INVALID_REQUEST_WINDOW_MS = 10 * 60_000;
export const INVALID_REQUEST_THRESHOLD = 2_000;
/** One tenant's (guild's) share: past this many invalid requests in the window, only its calls stop. */
export const INVALID_REQUEST_TENANT_THRESHOLD = 250;
/** Default per-attempt fetch timeout. */
export const REST_TIMEOUT_MS = 15_000;
/** Routes (and buckets) one client remembers; expired ones go first, then the oldest (interaction tokens make many). */
export const MAX_TRACKED_ROUTES = 500;

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
  private readonly timeoutMs: number;

  constructor(private readonly options: RestOptions) {
    this.fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => Date.now());
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? REST_TIMEOUT_MS;
    const key = `${options.apiBase} ${options.token ?? ''}`;
    // Clients with their own fetcher (tests) share limits only with clients of that same fetcher.
    let registry = SHARED_LIMITS;
    if (options.fetcher) {
      registry = FETCHER_LIMITS.get(options.fetcher) ?? new Map<string, SharedLimits>();
      FETCHER_LIMITS.set(options.fetcher, registry);
    }
    let shared = registry.get(key);
    if (!shared) {
      shared = { globalResetAt: 0, invalidRequests: [], tenants: new Map() };
      registry.set(key, shared);
    }
    this.shared = shared;
  }

  /** Invalid requests seen in the last ten minutes (exposed for status and tests). */
  get invalidRequestCount(): number {
    this.pruneInvalid();
    return this.shared.invalidRequests.length;
  }

  /** This client's tenant's invalid requests in the window (0 without a tenant). */
  get tenantInvalidRequestCount(): number {
    return this.tenantInvalid().length;
  }

  /** Routes whose bucket this client remembers (bounded by MAX_TRACKED_ROUTES). */
  get trackedRoutes(): number {
    return this.bucketOfRoute.size;
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
      this.guard(method, path);
      const maxWaitMs = options.maxWaitMs ?? this.maxWaitMs;
      await this.waitForLimits(method, path, key, maxWaitMs);

      let response: Response;
      try {
        response = await this.fetchWithTimeout(this.url(path, options.query), this.init(method, options));
      } catch (error) {
        if (attempt < this.maxRetries) {
          await this.sleep(backoffMs(attempt));
          continue;
        }
        throw new DiscordApiError(method, path, 0, null, `network error: ${String(error)}`);
      }

      this.updateBucket(key, path, response.headers);
      if (response.status === 401 || response.status === 403 || response.status === 429) this.countInvalid();

      if (response.status === 429) {
        const body = await readJson(response);
        const retryAfterMs = retryAfterOf(response.headers, body) * 1000;
        const isGlobal = response.headers.get('x-ratelimit-global') === 'true' || body?.global === true;
        if (isGlobal) this.shared.globalResetAt = this.now() + retryAfterMs;
        if (attempt < this.maxRetries && retryAfterMs <= maxWaitMs) {
          await this.sleep(retryAfterMs);
          continue;
        }
        throw new RateLimitedError(method, path, 429, numberOr(body?.code), stringOr(body?.message, 'rate limited'), retryAfterMs);
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

  /**
   * A hung connection must not hold the caller (and its per-route queue) forever. The timer is cleared as
   * soon as Discord answers: a pending timer would keep the actor from being evicted or hibernating.
   */
  private async fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      return await this.fetcher(url, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The bot-wide safety stop, then the tenant's own share; either refuses the call before it is made. */
  private guard(method: HttpMethod, path: string): void {
    if (this.invalidRequestCount >= INVALID_REQUEST_THRESHOLD) {
      const retryAfterMs = this.shared.invalidRequests[0]! + INVALID_REQUEST_WINDOW_MS - this.now();
      throw new RateLimitedError(method, path, 0, null, 'invalid-request guard: too many 401/403/429 responses, backing off', retryAfterMs);
    }
    const tenant = this.tenantInvalid();
    if (tenant.length >= INVALID_REQUEST_TENANT_THRESHOLD) {
      const retryAfterMs = tenant[0]! + INVALID_REQUEST_WINDOW_MS - this.now();
      throw new RateLimitedError(method, path, 0, null, `invalid-request guard: this guild got too many 401/403/429 responses, backing off`, retryAfterMs);
    }
  }

  private countInvalid(): void {
    const now = this.now();
    this.shared.invalidRequests.push(now);
    const tenant = this.options.tenant;
    if (tenant === undefined) return;
    const times = this.tenantInvalid();
    times.push(now);
    this.shared.tenants.set(tenant, times);
  }

  /** The tenant's invalid-request times inside the window (pruned; empty tenants are forgotten). */
  private tenantInvalid(): number[] {
    const tenant = this.options.tenant;
    if (tenant === undefined) return [];
    const times = this.shared.tenants.get(tenant);
    if (!times) return [];
    const cutoff = this.now() - INVALID_REQUEST_WINDOW_MS;
    if (times.length && times[0]! < cutoff) {
      const kept = times.filter((at) => at >= cutoff);
      if (kept.length) this.shared.tenants.set(tenant, kept);
      else this.shared.tenants.delete(tenant);
      return kept;
    }
    return times;
  }

  private async waitForLimits(method: HttpMethod, path: string, key: string, maxWaitMs: number): Promise<void> {
    const now = this.now();
    let waitUntil = this.shared.globalResetAt;
    const bucketId = this.bucketOfRoute.get(key);
    const bucket = bucketId ? this.buckets.get(bucketId) : undefined;
    if (bucket && bucket.remaining <= 0 && bucket.resetAt > waitUntil) waitUntil = bucket.resetAt;
    if (waitUntil <= now) return;
    if (waitUntil - now > maxWaitMs) {
      throw new RateLimitedError(method, path, 429, null, `rate limited for ${waitUntil - now} ms, longer than we wait`, waitUntil - now);
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
    this.bucketOfRoute.delete(key); // Re-inserted last: the map's order is "least recently updated first".
    this.bucketOfRoute.set(key, id);
    this.buckets.delete(id);
    this.buckets.set(id, { limit, remaining, resetAt: this.now() + (Number.isFinite(resetAfter) ? resetAfter * 1000 : 0) });
    if (this.bucketOfRoute.size > MAX_TRACKED_ROUTES || this.buckets.size > MAX_TRACKED_ROUTES) this.evictRoutes();
  }

  /**
   * Forgets buckets whose reset has passed (they hold nothing back), then the least recently updated ones,
   * down to three quarters of the bound so the sweep runs once per many inserts, not on each.
   */
  private evictRoutes(): void {
    const now = this.now();
    const target = Math.floor((MAX_TRACKED_ROUTES * 3) / 4);
    for (const [id, bucket] of this.buckets) if (bucket.resetAt <= now) this.buckets.delete(id);
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(id);
    }
    for (const [route, id] of this.bucketOfRoute) if (!this.buckets.has(id)) this.bucketOfRoute.delete(route);
    for (const route of this.bucketOfRoute.keys()) {
      if (this.bucketOfRoute.size <= target) break;
      this.bucketOfRoute.delete(route);
    }
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
