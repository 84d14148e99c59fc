// Rate-limit headers per bucket, real 429s past 50 req/s on a bucket, and injected REST faults.
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { RestFault, RestFaultInput } from './types.js';

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface BucketState {
  windowStart: number;
  count: number;
  secondStart: number;
  secondCount: number;
}

/** Beyond this many requests per second on one bucket the simulator really answers 429. */
const HARD_LIMIT_PER_SECOND = 50;

export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request on `bucket` (route hash) + `major` (channel/guild/webhook id). */
  hit(method: string, template: string, major: string, now = Date.now()): { headers: Record<string, string>; limited: RestResult | null } {
    const hash = createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 32);
    const key = `${hash}:${major}`;
    let state = this.buckets.get(key);
    if (!state) {
      state = { windowStart: now, count: 0, secondStart: now, secondCount: 0 };
      this.buckets.set(key, state);
    }
    if (now - state.windowStart >= this.windowMs) {
      state.windowStart = now;
      state.count = 0;
    }
    if (now - state.secondStart >= 1000) {
      state.secondStart = now;
      state.secondCount = 0;
    }
    state.count++;
    state.secondCount++;
    const resetAt = state.windowStart + this.windowMs;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - state.count)),
      'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': ((resetAt - now) / 1000).toFixed(3),
      'x-ratelimit-bucket': hash,
    };
    if (state.secondCount <= HARD_LIMIT_PER_SECOND) return { headers, limited: null };
    const retryAfter = Math.max(0.001, (state.secondStart + 1000 - now) / 1000);
    return { headers, limited: rateLimitedResult(retryAfter, false, 'user') };
  }
}

/** Discord's 429: JSON body with float retry_after, integer Retry-After header, scope/global headers. */
export function rateLimitedResult(retryAfter: number, global: boolean, scope: 'user' | 'global' | 'shared'): RestResult {
  const headers: Record<string, string> = {
    'retry-after': String(Math.ceil(retryAfter)),
    'x-ratelimit-scope': scope,
  };
  if (global) {
    headers['x-ratelimit-global'] = 'true';
  } else {
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset-after'] = retryAfter.toFixed(3);
    headers['x-ratelimit-reset'] = ((Date.now() + retryAfter * 1000) / 1000).toFixed(3);
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
