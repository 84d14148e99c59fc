// Rate limits as Discord enforces them: per-bucket limits that match the X-RateLimit-* headers they advertise,
// the global per-bot limit, the invalid-request ban; plus injected REST faults.
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { RestFault, RestFaultInput } from './types.js';

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BucketLimit {
  limit: number;
  windowMs: number;
}

/** Every limit the simulator enforces; each can be changed at start or through POST /_sim/config. */
export interface RateLimitConfig {
  /** POST /channels/:cid/messages, per bot and channel (Discord: 5 per 5 s). */
  messageCreate: BucketLimit;
  /** Every other route bucket, per bot and major parameter. */
  otherRoutes: BucketLimit;
  /** Requests per second per bot across all routes; interaction callbacks and webhooks are exempt (Discord: 50). */
  globalPerSecond: number;
  /** 401, 403 and 429 (not `shared`) responses tolerated per window; past it every request is refused for blockMs. */
  invalidRequests: { limit: number; windowMs: number; blockMs: number };
}

/** Partial config; `limit` / `windowMs` are shorthand for both bucket kinds at once. */
export interface RateLimitInput {
  limit?: number;
  windowMs?: number;
  messageCreate?: Partial<BucketLimit>;
  otherRoutes?: Partial<BucketLimit>;
  globalPerSecond?: number;
  invalidRequests?: Partial<RateLimitConfig['invalidRequests']>;
}

/** Discord's documented numbers: 5 messages / 5 s per channel, 50 requests / s per bot, 10,000 invalid / 10 min. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  messageCreate: { limit: 5, windowMs: 5_000 },
  otherRoutes: { limit: 50, windowMs: 1_000 },
  globalPerSecond: 50,
  invalidRequests: { limit: 10_000, windowMs: 10 * 60_000, blockMs: 60 * 60_000 },
};

/** Upper bounds that keep a config change from overflowing headers or timers. */
const MAX_LIMIT = 1_000_000;
const MAX_WINDOW_MS = 24 * 60 * 60_000;

/** Merges `input` over `base`; throws an Error naming the first invalid field. */
export function mergeRateLimits(base: RateLimitConfig, input: RateLimitInput): RateLimitConfig {
  const count = (value: unknown, field: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
      throw new Error(`rateLimits.${field} must be an integer from 1 to ${MAX_LIMIT}`);
    }
    return value;
  };
  const ms = (value: unknown, field: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WINDOW_MS) {
      throw new Error(`rateLimits.${field} must be an integer number of ms from 1 to ${MAX_WINDOW_MS}`);
    }
    return value;
  };
  const bucket = (name: 'messageCreate' | 'otherRoutes'): BucketLimit => {
    const own = input[name] ?? {};
    return {
      limit: count(own.limit, `${name}.limit`, count(input.limit, 'limit', base[name].limit)),
      windowMs: ms(own.windowMs, `${name}.windowMs`, ms(input.windowMs, 'windowMs', base[name].windowMs)),
    };
  };
  const invalid = input.invalidRequests ?? {};
  return {
    messageCreate: bucket('messageCreate'),
    otherRoutes: bucket('otherRoutes'),
    globalPerSecond: count(input.globalPerSecond, 'globalPerSecond', base.globalPerSecond),
    invalidRequests: {
      limit: count(invalid.limit, 'invalidRequests.limit', base.invalidRequests.limit),
      windowMs: ms(invalid.windowMs, 'invalidRequests.windowMs', base.invalidRequests.windowMs),
      blockMs: ms(invalid.blockMs, 'invalidRequests.blockMs', base.invalidRequests.blockMs),
    },
  };
}

interface BucketState {
  windowStart: number;
  count: number;
}

/** What a request does to the limiter: the headers to send, and a 429 when it may not go through. */
export interface LimitCheck {
  headers: Record<string, string>;
  limited: RestResult | null;
}

/** The route bucket a request falls in. `caller` is the bot token (or '' unauthenticated). */
export interface BucketRequest {
  method: string;
  template: string;
  major: string;
  caller: string;
  /** Interaction callbacks and interaction webhooks do not count toward the global limit. */
  exemptFromGlobal: boolean;
}

const MESSAGE_CREATE_TEMPLATE = 'POST /channels/:cid/messages';

export class RateLimiter {
  private buckets = new Map<string, BucketState>();
  private globalWindows = new Map<string, BucketState>();
  private invalid: number[] = [];
  private blockedUntil = 0;

  constructor(private config: RateLimitConfig) {}

  get current(): RateLimitConfig {
    return this.config;
  }

  /** New limits start from empty buckets. */
  configure(config: RateLimitConfig): void {
    this.config = config;
    this.reset();
  }

  reset(): void {
    this.buckets = new Map();
    this.globalWindows = new Map();
    this.invalid = [];
    this.blockedUntil = 0;
  }

  /** While the invalid-request ban lasts, every request gets this (Discord's Cloudflare block). */
  blocked(now = Date.now()): RestResult | null {
    if (now >= this.blockedUntil) return null;
    const retryAfter = (this.blockedUntil - now) / 1000;
    return {
      status: 429,
      headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      body: {
        message: 'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.',
        retry_after: retryAfter,
        global: true,
        code: 0,
      },
    };
  }

  /** Counts a 401 / 403 / 429 response; too many in the window starts the ban. */
  countInvalid(status: number, scope: string | undefined, now = Date.now()): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    if (status === 429 && scope === 'shared') return;
    // The ban's own answers do not extend it.
    if (now < this.blockedUntil) return;
    const { limit, windowMs, blockMs } = this.config.invalidRequests;
    const cutoff = now - windowMs;
    if (this.invalid.length > 0 && (this.invalid[0] ?? 0) < cutoff) this.invalid = this.invalid.filter((at) => at >= cutoff);
    this.invalid.push(now);
    if (this.invalid.length >= limit) {
      this.blockedUntil = now + blockMs;
      this.invalid = [];
    }
  }

  /** Applies the global then the route limit; a refused request consumes nothing. */
  hit(request: BucketRequest, now = Date.now()): LimitCheck {
    const name = `${request.method} ${request.template}`;
    const hash = createHash('sha1').update(name).digest('hex').slice(0, 32);
    const { limit, windowMs } = name === MESSAGE_CREATE_TEMPLATE ? this.config.messageCreate : this.config.otherRoutes;
    const key = `${request.caller}\n${hash}:${request.major}`;
    const state = freshWindow(this.buckets, key, windowMs, now);
    const resetAt = state.windowStart + windowMs;
    const headers = (remaining: number): Record<string, string> => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': ((resetAt - now) / 1000).toFixed(3),
      'x-ratelimit-bucket': hash,
    });

    if (!request.exemptFromGlobal) {
      const global = freshWindow(this.globalWindows, request.caller, 1000, now);
      if (global.count >= this.config.globalPerSecond) {
        const retryAfter = Math.max(0.001, (global.windowStart + 1000 - now) / 1000);
        // A global 429 says nothing about the route's bucket, as on Discord.
        return { headers: {}, limited: rateLimitedResult(retryAfter, true, 'global', now) };
      }
      global.count++;
    }
    if (state.count >= limit) {
      const retryAfter = Math.max(0.001, (resetAt - now) / 1000);
      return { headers: headers(0), limited: rateLimitedResult(retryAfter, false, 'user', now) };
    }
    state.count++;
    return { headers: headers(limit - state.count), limited: null };
  }
}

function freshWindow(map: Map<string, BucketState>, key: string, windowMs: number, now: number): BucketState {
  let state = map.get(key);
  if (!state || now - state.windowStart >= windowMs) {
    state = { windowStart: now, count: 0 };
    map.set(key, state);
  }
  return state;
}

/** Discord's 429: JSON body with float retry_after, integer Retry-After header, scope/global headers. */
export function rateLimitedResult(retryAfter: number, global: boolean, scope: 'user' | 'global' | 'shared', now = Date.now()): RestResult {
  const headers: Record<string, string> = {
    'retry-after': String(Math.ceil(retryAfter)),
    'x-ratelimit-scope': scope,
  };
  if (global) {
    headers['x-ratelimit-global'] = 'true';
  } else {
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset-after'] = retryAfter.toFixed(3);
    headers['x-ratelimit-reset'] = ((now + retryAfter * 1000) / 1000).toFixed(3);
  }
  return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } };
}

export class RestFaults {
  private faults: RestFault[] = [];
  private nextId = 1;

  add(input: RestFaultInput): RestFault {
    if (input.path.startsWith('^')) new RegExp(input.path); // Throws early on an invalid pattern.
    const count = input.count ?? 1;
    const fault: RestFault = {
      id: this.nextId++,
      method: input.method ? input.method.toUpperCase() : null,
      path: input.path,
      status: input.status,
      count,
      remaining: count,
      retryAfter: input.retryAfter ?? 1,
      global: input.global ?? false,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one use of the first fault matching the request, if any. */
  take(method: string, path: string): RestFault | null {
    const fault = this.faults.find((f) => (f.method === null || f.method === method) && pathMatches(f.path, path));
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  list(): RestFault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.startsWith('^') ? new RegExp(pattern).test(path) : path.startsWith(pattern);
}

export function faultResult(fault: RestFault): RestResult {
  if (fault.status === 429) return rateLimitedResult(fault.retryAfter, fault.global, fault.global ? 'global' : 'user');
  if (fault.status === 403) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
  return { status: fault.status, body: { message: `${fault.status}: ${STATUS_CODES[fault.status] ?? 'Error'}`, code: 0 } };
}
