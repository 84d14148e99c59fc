import { describe, expect, it } from 'vitest';
import {
  DiscordApiError,
  DiscordRest,
  INVALID_REQUEST_THRESHOLD,
  INVALID_REQUEST_WINDOW_MS,
  USER_AGENT,
  redactTokens,
  type RestOptions,
} from '../../src/discord/rest';

const API = 'https://discord.test/api/v10';
const TOKEN = 'MTIz.test.token';
const CHANNEL_A = '111111111111111111';
const CHANNEL_B = '222222222222222222';
const GUILD = '333333333333333333';
const USER = '444444444444444444';
const MESSAGES_A = `/channels/${CHANNEL_A}/messages`;
const MESSAGES_B = `/channels/${CHANNEL_B}/messages`;

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  at: number;
}

type Responder = (call: Call, index: number) => Response | Promise<Response>;
type Step = Response | Error | Responder;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function rateLimited(retryAfter: number, headers: Record<string, string> = {}, global = false): Response {
  return json(429, { message: 'You are being rate limited.', retry_after: retryAfter, global }, headers);
}

/**
 * A DiscordRest wired to a scripted fetcher, a fake clock and a fake sleep that records each wait and
 * advances the clock by it. `events` interleaves fetches and sleeps in the order they happened.
 */
function harness(steps: Step[] = [], options: Partial<RestOptions> & { fallback?: Responder } = {}) {
  let clock = 1_700_000_000_000;
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const events: string[] = [];
  const queue = [...steps];
  const { fallback, ...restOptions } = options;

  const fetcher = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      at: clock,
    };
    calls.push(call);
    events.push(`fetch ${call.method} ${new URL(call.url).pathname}`);
    const step = queue.shift();
    if (step === undefined) {
      if (fallback) return fallback(call, calls.length - 1);
      // Not retryable, so an unexpected extra fetch fails the test loudly instead of looping.
      return json(418, { message: 'unexpected fetch in test', code: 0 });
    }
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(call, calls.length - 1);
    return step;
  };

  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    events.push(`sleep ${ms}`);
    clock += ms;
  };

  const rest = new DiscordRest({
    apiBase: API,
    token: TOKEN,
    fetcher: fetcher as typeof fetch,
    sleep,
    now: () => clock,
    ...restOptions,
  });

  return {
    rest,
    calls,
    sleeps,
    events,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

async function caught(promise: Promise<unknown>): Promise<DiscordApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DiscordApiError);
    return error as DiscordApiError;
  }
  throw new Error('expected the request to fail');
}

/** Lets pending work settle: body reads are real I/O in workerd, so yield to the event loop, not just microtasks. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('DiscordRest request shape', () => {
  it('sends the bot token, a Discord user agent and a JSON body', async () => {
    const h = harness([json(200, { id: '1' })]);
    const result = await h.rest.post<{ id: string }>(MESSAGES_A, { body: { content: 'hi', allowed_mentions: { parse: [] } } });

    expect(result).toEqual({ id: '1' });
    expect(h.calls).toHaveLength(1);
    const call = h.calls[0]!;
    expect(call.url).toBe(`${API}${MESSAGES_A}`);
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toBe(`Bot ${TOKEN}`);
    expect(call.headers.get('user-agent')!.startsWith('DiscordBot (')).toBe(true);
    expect(call.headers.get('user-agent')).toMatch(/^DiscordBot \(\S+, [\d.]+\)$/);
    expect(call.headers.get('user-agent')).toBe(USER_AGENT);
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(call.body!)).toEqual({ content: 'hi', allowed_mentions: { parse: [] } });
  });

  it('sends no body and no content type without a body', async () => {
    const h = harness([json(200, [])]);
    await h.rest.get(MESSAGES_A);
    expect(h.calls[0]!.body).toBeUndefined();
    expect(h.calls[0]!.headers.get('content-type')).toBeNull();
    expect(h.calls[0]!.headers.has('x-audit-log-reason')).toBe(false);
  });

  it('sends no Authorization header without a token', async () => {
    const h = harness([json(200, {})], { token: null });
    await h.rest.post(`/interactions/555555555555555555/tok/callback`, { body: { type: 4 } });
    expect(h.calls[0]!.headers.has('authorization')).toBe(false);
    expect(h.calls[0]!.headers.get('user-agent')!.startsWith('DiscordBot (')).toBe(true);
  });

  it('adds the query to the URL', async () => {
    const h = harness([json(200, [])]);
    await h.rest.get(`/guilds/${GUILD}/members`, { query: { limit: '1000', after: '0' } });
    const url = new URL(h.calls[0]!.url);
    expect(url.origin + url.pathname).toBe(`${API}/guilds/${GUILD}/members`);
    expect(url.searchParams.get('limit')).toBe('1000');
    expect(url.searchParams.get('after')).toBe('0');
  });

  it.each([
    ['Spam', 'Spam'],
    ['posted a scam link', 'posted%20a%20scam%20link'],
    ['rule 3: no @everyone & links/invites', 'rule%203%3A%20no%20%40everyone%20%26%20links%2Finvites'],
    ['réclame — 広告', 'r%C3%A9clame%20%E2%80%94%20%E5%BA%83%E5%91%8A'],
  ])('URL-encodes the audit log reason %j', async (reason, encoded) => {
    const h = harness([new Response(null, { status: 204 })]);
    await h.rest.put(`/guilds/${GUILD}/bans/${USER}`, { reason, body: {} });
    expect(h.calls[0]!.headers.get('x-audit-log-reason')).toBe(encoded);
    expect(h.calls[0]!.headers.get('x-audit-log-reason')).toBe(encodeURIComponent(reason));
  });

  it('caps the audit log reason at 512 characters', async () => {
    const h = harness([new Response(null, { status: 204 })]);
    await h.rest.delete(`/guilds/${GUILD}/members/${USER}`, { reason: 'x'.repeat(600) });
    expect(h.calls[0]!.headers.get('x-audit-log-reason')).toBe('x'.repeat(512));
  });

  it('returns null for 204 No Content', async () => {
    const h = harness([new Response(null, { status: 204 })]);
    await expect(h.rest.delete(`${MESSAGES_A}/666666666666666666`)).resolves.toBeNull();
    expect(h.calls).toHaveLength(1);
  });

  it('returns null for an empty 200 body', async () => {
    const h = harness([new Response('', { status: 200 })]);
    await expect(h.rest.patch(`/guilds/${GUILD}/members/${USER}`, { body: {} })).resolves.toBeNull();
  });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)('request(%s) uses that method', async (method) => {
    const h = harness([json(200, {})]);
    await h.rest.request(method, MESSAGES_A);
    expect(h.calls[0]!.method).toBe(method);
  });
});

describe('DiscordRest 429 handling', () => {
  it('waits retry_after and retries once', async () => {
    const h = harness([rateLimited(1.5), json(200, { id: 'ok' })]);
    const started = h.now();
    await expect(h.rest.post(MESSAGES_A, { body: { content: 'hi' } })).resolves.toEqual({ id: 'ok' });
    expect(h.calls).toHaveLength(2);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeCloseTo(1500, 0);
    expect(h.calls[1]!.at - started).toBeGreaterThanOrEqual(1500);
    expect(h.events).toEqual([`fetch POST /api/v10${MESSAGES_A}`, 'sleep 1500', `fetch POST /api/v10${MESSAGES_A}`]);
  });

  it('falls back to the Retry-After header when the body has no retry_after', async () => {
    const h = harness([json(429, { message: 'rate limited' }, { 'retry-after': '3' }), json(200, {})]);
    await h.rest.get(MESSAGES_A);
    expect(h.sleeps).toEqual([3000]);
    expect(h.calls).toHaveLength(2);
  });

  it('gives up without waiting when retry_after is longer than maxWaitMs', async () => {
    const h = harness([rateLimited(45)]);
    const error = await caught(h.rest.post(MESSAGES_A, { body: { content: 'hi' } }));
    expect(error.status).toBe(429);
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('respects a custom maxWaitMs', async () => {
    const h = harness([rateLimited(2)], { maxWaitMs: 1000 });
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(429);
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('throws 429 once the retries are used up', async () => {
    const h = harness([rateLimited(0.5), rateLimited(0.5)], { maxRetries: 1 });
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(429);
    expect(h.calls).toHaveLength(2);
    expect(h.sleeps).toEqual([500]);
  });

  it('a global 429 (X-RateLimit-Global header) makes a request on another route wait too', async () => {
    const h = harness([rateLimited(3, { 'x-ratelimit-global': 'true' }, true), json(200, { id: 'b' })], { maxRetries: 0 });
    const first = await caught(h.rest.post(MESSAGES_A, { body: { content: 'a' } }));
    expect(first.status).toBe(429);
    expect(h.sleeps).toEqual([]);

    await expect(h.rest.post(MESSAGES_B, { body: { content: 'b' } })).resolves.toEqual({ id: 'b' });
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeCloseTo(3000, 0);
    expect(h.events).toEqual([`fetch POST /api/v10${MESSAGES_A}`, 'sleep 3000', `fetch POST /api/v10${MESSAGES_B}`]);
  });

  it('a global 429 flagged only in the body holds other routes as well', async () => {
    const h = harness([rateLimited(2, {}, true), json(200, {})], { maxRetries: 0 });
    await caught(h.rest.get(MESSAGES_A));
    await h.rest.get(`/guilds/${GUILD}`);
    expect(h.sleeps).toEqual([2000]);
  });

  it('a global 429 holds a concurrent request on another route while the first one waits', async () => {
    let clock = 0;
    const pending: Array<() => void> = [];
    const sleeps: number[] = [];
    const paths: string[] = [];
    const responses = [rateLimited(3, { 'x-ratelimit-global': 'true' }, true), json(200, { n: 1 }), json(200, { n: 2 })];
    const rest = new DiscordRest({
      apiBase: API,
      token: TOKEN,
      now: () => clock,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
      fetcher: (async (input: RequestInfo | URL) => {
        paths.push(new URL(String(input)).pathname);
        return responses.shift()!;
      }) as typeof fetch,
    });

    const a = rest.get(MESSAGES_A);
    await flush();
    expect(paths).toHaveLength(1);
    expect(sleeps).toEqual([3000]);

    const b = rest.get(MESSAGES_B);
    await flush();
    // B is held by the global limit even though its own route has never been limited.
    expect(paths).toHaveLength(1);
    expect(sleeps).toEqual([3000, 3000]);

    clock += 3000;
    for (const resolve of pending.splice(0)) resolve();
    await expect(a).resolves.toEqual(expect.objectContaining({ n: expect.any(Number) }));
    await expect(b).resolves.toEqual(expect.objectContaining({ n: expect.any(Number) }));
    expect(paths.sort()).toEqual([`/api/v10${MESSAGES_A}`, `/api/v10${MESSAGES_A}`, `/api/v10${MESSAGES_B}`].sort());
  });

  it('a non-global 429 does not hold other routes', async () => {
    const h = harness([rateLimited(5), json(200, {})], { maxRetries: 0 });
    await caught(h.rest.get(MESSAGES_A));
    await h.rest.get(MESSAGES_B);
    expect(h.sleeps).toEqual([]);
    expect(h.calls).toHaveLength(2);
  });
});

describe('DiscordRest buckets', () => {
  const exhausted = { 'x-ratelimit-bucket': 'abcd1234', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2' };
  const fresh = { 'x-ratelimit-bucket': 'abcd1234', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '2' };

  it('waits for the reset before the next request on an exhausted route', async () => {
    const h = harness([json(200, { n: 1 }, exhausted), json(200, { n: 2 }, fresh)]);
    await h.rest.post(MESSAGES_A, { body: { content: '1' } });
    expect(h.sleeps).toEqual([]);
    await h.rest.post(MESSAGES_A, { body: { content: '2' } });

    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeCloseTo(2000, 0);
    expect(h.events).toEqual([`fetch POST /api/v10${MESSAGES_A}`, 'sleep 2000', `fetch POST /api/v10${MESSAGES_A}`]);
    expect(h.calls[1]!.at - h.calls[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it('waits only for what is left of the reset', async () => {
    const h = harness([json(200, {}, exhausted), json(200, {}, fresh)]);
    await h.rest.get(MESSAGES_A);
    h.advance(1500);
    await h.rest.get(MESSAGES_A);
    expect(h.sleeps).toEqual([500]);
  });

  it('does not wait once the reset has passed', async () => {
    const h = harness([json(200, {}, exhausted), json(200, {}, fresh)]);
    await h.rest.get(MESSAGES_A);
    h.advance(2000);
    await h.rest.get(MESSAGES_A);
    expect(h.sleeps).toEqual([]);
  });

  it('does not wait while the bucket has requests left', async () => {
    const h = harness([json(200, {}, fresh), json(200, {}, fresh), json(200, {}, fresh)]);
    await h.rest.get(MESSAGES_A);
    await h.rest.get(MESSAGES_A);
    await h.rest.get(MESSAGES_A);
    expect(h.sleeps).toEqual([]);
    expect(h.calls).toHaveLength(3);
  });

  it('does not hold another route with another bucket', async () => {
    const other = { ...fresh, 'x-ratelimit-bucket': 'ffff0000' };
    const h = harness([json(200, {}, exhausted), json(200, {}, other)]);
    await h.rest.get(MESSAGES_A);
    await h.rest.get(MESSAGES_B);
    expect(h.sleeps).toEqual([]);
  });

  it('fails fast instead of waiting longer than maxWaitMs for a bucket', async () => {
    const h = harness([json(200, {}, { ...exhausted, 'x-ratelimit-reset-after': '60' })]);
    await h.rest.get(MESSAGES_A);
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(429);
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });
});

describe('DiscordRest errors and retries', () => {
  it('retries a 500 up to maxRetries, then throws it', async () => {
    const h = harness([], { fallback: () => json(500, { message: 'Internal Server Error', code: 0 }) });
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(500);
    expect(h.calls).toHaveLength(4); // first try + 3 retries (the default)
    expect(h.sleeps).toHaveLength(3);
    // Exponential backoff with under 250 ms of jitter: ~0.5 s, ~1 s, ~2 s.
    h.sleeps.forEach((ms, attempt) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** attempt);
      expect(ms).toBeLessThan(500 * 2 ** attempt + 250);
    });
  });

  it.each([0, 1, 5])('makes maxRetries + 1 attempts for 5xx with maxRetries %i', async (maxRetries) => {
    const h = harness([], { maxRetries, fallback: () => new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' }) });
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(502);
    expect(error.discordMessage).toBe('Bad Gateway');
    expect(h.calls).toHaveLength(maxRetries + 1);
    expect(h.sleeps).toHaveLength(maxRetries);
  });

  it('succeeds when a retry of a 503 succeeds', async () => {
    const h = harness([json(503, { message: 'unavailable' }), json(200, { ok: true })]);
    await expect(h.rest.get(MESSAGES_A)).resolves.toEqual({ ok: true });
    expect(h.calls).toHaveLength(2);
  });

  it('throws a 403 immediately with what Discord said', async () => {
    const h = harness([json(403, { message: 'Missing Permissions', code: 50013 })]);
    const error = await caught(h.rest.put(`/guilds/${GUILD}/bans/${USER}`, { body: {}, reason: 'spam' }));
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(error.status).toBe(403);
    expect(error.code).toBe(50013);
    expect(error.method).toBe('PUT');
    expect(error.path).toBe(`/guilds/${GUILD}/bans/${USER}`);
    expect(error.discordMessage).toBe('Missing Permissions');
    expect(error.outcome).toContain('Missing Permissions');
    expect(error.outcome).toBe('403 Missing Permissions (50013)');
    expect(error.name).toBe('DiscordApiError');
    expect(error.message).toContain('403');
  });

  it.each<[number, unknown]>([
    [400, { message: 'Invalid Form Body', code: 50035 }],
    [401, { message: '401: Unauthorized', code: 0 }],
    [404, { message: 'Unknown Message', code: 10008 }],
    [405, { message: '405: Method Not Allowed', code: 0 }],
    [413, { message: 'Request entity too large', code: 40005 }],
  ])('does not retry a %i', async (status, body) => {
    const h = harness([json(status, body), json(200, {})]);
    const error = await caught(h.rest.patch(`${MESSAGES_A}/666666666666666666`, { body: {} }));
    expect(error.status).toBe(status);
    expect(error.code).toBe((body as { code: number }).code);
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('uses the status text when the error body is not JSON', async () => {
    const h = harness([new Response('<html>nope</html>', { status: 404, statusText: 'Not Found' })]);
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(404);
    expect(error.code).toBeNull();
    expect(error.discordMessage).toBe('Not Found');
    expect(error.outcome).toBe('404 Not Found');
  });

  it('retries network errors, then throws status 0', async () => {
    const h = harness([], {
      fallback: () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = await caught(h.rest.get(MESSAGES_A));
    expect(error.status).toBe(0);
    expect(error.code).toBeNull();
    expect(error.discordMessage).toContain('network error');
    expect(error.discordMessage).toContain('fetch failed');
    expect(h.calls).toHaveLength(4);
    expect(h.sleeps).toHaveLength(3);
  });

  it('recovers when the network comes back', async () => {
    const h = harness([new TypeError('fetch failed'), new TypeError('fetch failed'), json(200, { id: '9' })]);
    await expect(h.rest.get(MESSAGES_A)).resolves.toEqual({ id: '9' });
    expect(h.calls).toHaveLength(3);
    expect(h.sleeps).toHaveLength(2);
  });
});

describe('DiscordRest invalid-request guard', () => {
  it('counts 401, 403 and 429 responses but not 400, 404 or 5xx', async () => {
    const h = harness(
      [
        json(401, { message: 'Unauthorized', code: 0 }),
        json(403, { message: 'Missing Access', code: 50001 }),
        rateLimited(0.1),
        json(200, {}),
        json(404, { message: 'Unknown Channel', code: 10003 }),
        json(400, { message: 'Invalid Form Body', code: 50035 }),
        json(500, {}),
        json(200, {}),
      ],
      {},
    );
    expect(h.rest.invalidRequestCount).toBe(0);
    await caught(h.rest.get(MESSAGES_A));
    expect(h.rest.invalidRequestCount).toBe(1);
    await caught(h.rest.get(MESSAGES_A));
    expect(h.rest.invalidRequestCount).toBe(2);
    await h.rest.get(MESSAGES_A); // 429 then 200
    expect(h.rest.invalidRequestCount).toBe(3);
    await caught(h.rest.get(MESSAGES_A));
    await caught(h.rest.get(MESSAGES_A));
    await h.rest.get(MESSAGES_A); // 500 then 200
    expect(h.rest.invalidRequestCount).toBe(3);
    expect(h.calls).toHaveLength(8);
  });

  it('refuses to call once the threshold is reached, and calls again after the window', async () => {
    const h = harness([], {
      fallback: (call) =>
        call.url.endsWith('/allowed') ? json(200, { allowed: true }) : json(403, { message: 'Missing Permissions', code: 50013 }),
    });
    for (let i = 0; i < INVALID_REQUEST_THRESHOLD - 1; i++) await caught(h.rest.get(`/channels/${CHANNEL_A}/messages/${i + 100000}`));
    expect(h.rest.invalidRequestCount).toBe(INVALID_REQUEST_THRESHOLD - 1);

    // One below the threshold: still allowed (and this one is the last straw).
    await caught(h.rest.get(MESSAGES_B));
    expect(h.rest.invalidRequestCount).toBe(INVALID_REQUEST_THRESHOLD);
    const fetchesBefore = h.calls.length;
    expect(fetchesBefore).toBe(INVALID_REQUEST_THRESHOLD);

    const refused = await caught(h.rest.get(`/guilds/${GUILD}/allowed`));
    expect(refused.status).toBe(0);
    expect(refused.discordMessage).toContain('invalid-request guard');
    expect(h.calls.length).toBe(fetchesBefore);

    // Still inside the window: still refused.
    h.advance(INVALID_REQUEST_WINDOW_MS - 1);
    await caught(h.rest.get(`/guilds/${GUILD}/allowed`));
    expect(h.calls.length).toBe(fetchesBefore);

    // Past the window: the old responses no longer count.
    h.advance(2);
    expect(h.rest.invalidRequestCount).toBe(0);
    await expect(h.rest.get(`/guilds/${GUILD}/allowed`)).resolves.toEqual({ allowed: true });
    expect(h.calls.length).toBe(fetchesBefore + 1);
  });

  it('only forgets the responses that left the window', async () => {
    const forbidden = () => json(403, { message: 'Missing Permissions', code: 50013 });
    const h = harness([], { fallback: forbidden });
    await caught(h.rest.get(MESSAGES_A));
    h.advance(INVALID_REQUEST_WINDOW_MS / 2);
    await caught(h.rest.get(MESSAGES_A));
    expect(h.rest.invalidRequestCount).toBe(2);
    h.advance(INVALID_REQUEST_WINDOW_MS / 2 + 1);
    expect(h.rest.invalidRequestCount).toBe(1);
    h.advance(INVALID_REQUEST_WINDOW_MS / 2);
    expect(h.rest.invalidRequestCount).toBe(0);
  });
});

describe('DiscordRest per-route queue', () => {
  it('runs requests on one route one after another', async () => {
    const first = deferred<Response>();
    const second = deferred<Response>();
    const h = harness([() => first.promise, () => second.promise]);

    const a = h.rest.post(MESSAGES_A, { body: { content: 'a' } });
    const b = h.rest.post(MESSAGES_A, { body: { content: 'b' } });
    await flush();
    expect(h.calls).toHaveLength(1);
    expect(JSON.parse(h.calls[0]!.body!)).toEqual({ content: 'a' });

    first.resolve(json(200, { id: 'a' }));
    await expect(a).resolves.toEqual({ id: 'a' });
    await flush();
    expect(h.calls).toHaveLength(2);
    expect(JSON.parse(h.calls[1]!.body!)).toEqual({ content: 'b' });

    second.resolve(json(200, { id: 'b' }));
    await expect(b).resolves.toEqual({ id: 'b' });
  });

  it('keeps the order of three queued requests', async () => {
    const gates = [deferred<Response>(), deferred<Response>(), deferred<Response>()];
    const h = harness(gates.map((gate) => () => gate.promise));
    const results = ['1', '2', '3'].map((content) => h.rest.post(MESSAGES_A, { body: { content } }));
    for (let i = 0; i < 3; i++) {
      await flush();
      expect(h.calls).toHaveLength(i + 1);
      gates[i]!.resolve(json(200, { n: i + 1 }));
    }
    await expect(Promise.all(results)).resolves.toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(h.calls.map((call) => JSON.parse(call.body!).content)).toEqual(['1', '2', '3']);
  });

  it('runs requests on different routes at the same time', async () => {
    const first = deferred<Response>();
    const h = harness([() => first.promise, json(200, { id: 'b' })]);
    const a = h.rest.post(MESSAGES_A, { body: {} });
    const b = h.rest.post(MESSAGES_B, { body: {} });
    await expect(b).resolves.toEqual({ id: 'b' });
    expect(h.calls).toHaveLength(2);
    first.resolve(json(200, { id: 'a' }));
    await expect(a).resolves.toEqual({ id: 'a' });
  });

  it('runs the next request even when the previous one on the route failed', async () => {
    const h = harness([json(403, { message: 'Missing Permissions', code: 50013 }), json(200, { id: 'b' })]);
    const a = h.rest.post(MESSAGES_A, { body: {} });
    const b = h.rest.post(MESSAGES_A, { body: {} });
    const error = await caught(a);
    expect(error.status).toBe(403);
    await expect(b).resolves.toEqual({ id: 'b' });
    expect(h.calls).toHaveLength(2);
  });
});

describe('DiscordRest buckets shared by hash across channels', () => {
  const headers = (remaining: number) => ({
    'x-ratelimit-bucket': 'h',
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset-after': '2',
  });

  it('keeps one bucket per hash and channel: an exhausted channel waits, another does not', async () => {
    const h = harness([json(200, {}, headers(0)), json(200, {}, headers(4)), json(200, {}, headers(3)), json(200, {}, headers(4))]);
    await h.rest.post(MESSAGES_A, {});
    await h.rest.post(MESSAGES_B, {});
    await h.rest.post(MESSAGES_B, {});
    expect(h.sleeps).toEqual([]);
    await h.rest.post(MESSAGES_A, {});
    expect(h.sleeps).toEqual([2000]);
  });
});

describe('DiscordRest audit-log reason', () => {
  it('cuts a long reason by characters, never through an emoji', async () => {
    const h = harness([new Response(null, { status: 204 })]);
    await h.rest.put(`/guilds/${GUILD}/bans/${USER}`, { reason: `${'a'.repeat(511)}😀 spam` });
    expect(h.calls).toHaveLength(1);
    expect(decodeURIComponent(h.calls[0]!.headers.get('x-audit-log-reason')!)).toBe(`${'a'.repeat(511)}😀`);
  });
});

describe('DiscordApiError messages', () => {
  it('never carry an interaction or webhook token', () => {
    expect(redactTokens('/webhooks/123456789012345678/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original')).toBe(
      '/webhooks/123456789012345678/[token]/messages/@original',
    );
    expect(redactTokens('/interactions/123456789012345678/secret/callback')).toBe('/interactions/123456789012345678/[token]/callback');
    expect(redactTokens('/channels/1/messages')).toBe('/channels/1/messages');
    const error = new DiscordApiError('POST', '/webhooks/1/secret-token', 404, 10015, 'Unknown Webhook');
    expect(error.message).not.toContain('secret-token');
  });
});
