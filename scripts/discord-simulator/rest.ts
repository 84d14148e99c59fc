// REST pipeline: version prefix, auth, rate-limit headers, injected faults, routing, call recording.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context.js';
import { DiscordError, Errors, matchRoute, readBody, sendJson, type RawBody } from './http-util.js';
import { appRoutes } from './rest-apps.js';
import { automodRoutes } from './automod.js';
import { channelRoutes } from './rest-channels.js';
import { MAJOR_PARAMS, type RestRequest, type RestRoute } from './rest-common.js';
import { guildRoutes } from './rest-guilds.js';
import { threadRoutes } from './rest-threads.js';
import { RateLimiter, RestFaults, faultResult, type RateLimitConfig, type RestResult } from './rest-limits.js';
import type { CallFilter, RecordedCall } from './types.js';

const ROUTES: RestRoute[] = [...appRoutes, ...channelRoutes, ...guildRoutes, ...threadRoutes, ...automodRoutes];
/** Recorded calls kept in memory; older ones are dropped first. */
const MAX_CALLS = 20_000;

export class RestApi {
  private calls: RecordedCall[] = [];
  private nextCallId = 1;
  readonly faults = new RestFaults();
  private readonly limiter: RateLimiter;

  constructor(private readonly ctx: SimContext) {
    this.limiter = new RateLimiter(ctx.opts.rateLimits);
  }

  get rateLimits(): RateLimitConfig {
    return this.limiter.current;
  }

  /** Replaces the enforced limits (and empties every bucket). */
  configureRateLimits(config: RateLimitConfig): void {
    this.ctx.opts.rateLimits = config;
    this.limiter.configure(config);
  }

  /** Handles any request under /api (versioned /api/v10 or unversioned /api). */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const versioned = /^\/api\/v(\d+)(\/.*)?$/.exec(url.pathname);
    const path = versioned ? versioned[2] ?? '/' : url.pathname.replace(/^\/api/, '') || '/';
    const call: RecordedCall = {
      id: this.nextCallId++,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      body: null,
      status: 0,
      at: Date.now(),
    };
    this.record(call);
    let result: RestResult;
    let limitHeaders: Record<string, string> = {};
    try {
      const body = await readBody(req);
      call.body = body.json ?? (body.raw.length > 0 ? body.raw.toString('utf8') : null);
      if (versioned && versioned[1] !== '10') throw Errors.invalidApiVersion();
      const outcome = await this.route(method, path, url, req, body);
      result = outcome.result;
      limitHeaders = outcome.limitHeaders;
    } catch (error) {
      result = errorResult(error);
    }
    call.status = result.status;
    this.limiter.countInvalid(result.status, result.headers?.['x-ratelimit-scope']);
    sendJson(res, result.status, result.body, { ...limitHeaders, ...(result.headers ?? {}) });
  }

  private async route(
    method: string,
    path: string,
    url: URL,
    req: IncomingMessage,
    body: RawBody,
  ): Promise<{ result: RestResult; limitHeaders: Record<string, string> }> {
    const blocked = this.limiter.blocked();
    if (blocked) return { result: blocked, limitHeaders: {} };
    const match = matchRoute(ROUTES, method, path);
    const found = 'route' in match ? match : null;
    const template = found ? bucketTemplate(found.route.pattern) : path;
    const major = found ? MAJOR_PARAMS.map((p) => found.params[p] ?? '').join(':') : '';
    let limitHeaders: Record<string, string> = {};
    try {
      const bot = this.authenticate(req);
      const exemptFromGlobal = found !== null && !found.route.handler.auth;
      // Every response past authentication, errors included, carries the X-RateLimit-* headers; a request that
      // is refused consumes nothing, so a client that follows the headers never sees a 429.
      const check = this.limiter.hit({ method, template, major, caller: bot?.token ?? '', exemptFromGlobal });
      limitHeaders = check.headers;
      if (found?.route.handler.auth && !bot) throw Errors.unauthorized();
      if (check.limited) return { result: check.limited, limitHeaders };
      const fault = this.faults.take(method, path);
      if (fault) return { result: faultResult(fault), limitHeaders };
      if (!found) throw 'methodMismatch' in match && match.methodMismatch ? Errors.methodNotAllowed() : Errors.notFound();
      const request: RestRequest = { method, path, params: found.params, query: url.searchParams, body, headers: req.headers, bot };
      return { result: await found.route.handler.handler(this.ctx, request), limitHeaders };
    } catch (error) {
      return { result: errorResult(error), limitHeaders };
    }
  }

  private authenticate(req: IncomingMessage) {
    const header = req.headers.authorization ?? '';
    const match = /^Bot\s+(.+)$/i.exec(header.trim());
    return match?.[1] ? this.ctx.store.botByToken(match[1]) ?? null : null;
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    const method = filter.method?.toUpperCase();
    return this.calls.filter(
      (c) =>
        (filter.since === undefined || c.id > filter.since) &&
        (method === undefined || c.method === method) &&
        (filter.path === undefined || c.path.startsWith(filter.path)),
    );
  }

  get callCount(): number {
    return this.calls.length;
  }

  reset(): void {
    this.calls = [];
  }
}

function errorResult(error: unknown): RestResult {
  if (error instanceof DiscordError) return { status: error.status, body: error.toJSON() };
  console.error('[discord-simulator] REST handler failed:', error);
  return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
}

/** Major parameters stay in the bucket key; the rest collapse, as in Discord's bucket model. */
function bucketTemplate(pattern: string): string {
  return pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') && !(MAJOR_PARAMS as readonly string[]).includes(seg.slice(1)) ? ':id' : seg))
    .join('/');
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
