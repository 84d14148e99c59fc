// The simulator's rate limits are the ones its X-RateLimit-* headers advertise: 5 messages / 5 s per channel,
// the global 50 requests / s per bot, and the invalid-request ban; tests and scripts change them at /_sim/config.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, DEFAULT_RATE_LIMITS, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

interface Limited {
  message: string;
  retry_after: number;
  global: boolean;
}

describe('rate limits', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  const post = (channelId: string, content = 'hi', token: string | null = DEFAULT_BOT.token) =>
    json<Limited>(`${sim.apiBase}/channels/${channelId}/messages`, { token, body: { content } });
  const config = (body: unknown) => json<{ rateLimits: typeof DEFAULT_RATE_LIMITS; error?: string }>(`${sim.url}/_sim/config`, { body });

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    guild = sim.addGuild({ name: 'limits', channels: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] });
  });
  beforeEach(async () => {
    expect((await config({ rateLimits: null })).status).toBe(200);
  });
  afterAll(() => sim.close());

  it('defaults to Discord\'s numbers', async () => {
    expect((await json(`${sim.url}/_sim/config`)).body).toMatchObject({ rateLimits: DEFAULT_RATE_LIMITS });
    expect(DEFAULT_RATE_LIMITS).toMatchObject({ messageCreate: { limit: 5, windowMs: 5000 }, globalPerSecond: 50, invalidRequests: { limit: 10_000 } });
  });

  it('answers the sixth message in 5 s on one channel with 429, as the headers said it would', async () => {
    const channel = guild.channels[0]!.id;
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const ok = await post(channel);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('5');
      remaining.push(ok.headers.get('x-ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await post(channel);
    expect(limited.status).toBe(429);
    expect(limited.body.global).toBe(false);
    expect(limited.body.retry_after).toBeGreaterThan(0);
    expect(limited.body.retry_after).toBeLessThanOrEqual(5);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    // Another channel is another bucket (channel id is a major parameter); the refused request created nothing.
    expect((await post(guild.channels[1]!.id)).status).toBe(200);
    expect(sim.messages(channel)).toHaveLength(5);
  });

  it('lets a client that waits X-RateLimit-Reset-After through', async () => {
    expect((await config({ rateLimits: { messageCreate: { limit: 2, windowMs: 300 } } })).status).toBe(200);
    const channel = guild.channels[2]!.id;
    await post(channel);
    const last = await post(channel);
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await post(channel)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(last.headers.get('x-ratelimit-reset-after')) * 1000 + 20));
    const after = await post(channel);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('keeps one bucket per bot', async () => {
    const other = { token: 'other-bot', applicationId: '100000000000000002', userId: '100000000000000002', username: 'Other' };
    const multi = await startDiscordSimulator({ bots: [DEFAULT_BOT, other], rateLimit: { messageCreate: { limit: 1 } } });
    try {
      const channel = multi.addGuild({ name: 'two bots' }).channels[0]!.id;
      const send = (token: string) => json(`${multi.apiBase}/channels/${channel}/messages`, { token, body: { content: 'x' } });
      expect((await send(DEFAULT_BOT.token)).status).toBe(200);
      expect((await send(DEFAULT_BOT.token)).status).toBe(429);
      expect((await send(other.token)).status).toBe(200);
    } finally {
      await multi.close();
    }
  });

  it('enforces the global limit per bot across routes, but not on interaction webhooks', async () => {
    expect((await config({ rateLimits: { globalPerSecond: 3 } })).status).toBe(200);
    const api = (path: string) => json<Limited>(`${sim.apiBase}${path}`, { token: DEFAULT_BOT.token });
    expect((await api('/users/@me')).status).toBe(200);
    expect((await api(`/guilds/${guild.id}`)).status).toBe(200);
    expect((await api(`/channels/${guild.channels[3]!.id}`)).status).toBe(200);
    const limited = await api('/gateway/bot');
    expect(limited.status).toBe(429);
    expect(limited.body.global).toBe(true);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    // Interaction routes are authenticated by their token and exempt from the global limit.
    expect((await json(`${sim.apiBase}/webhooks/${DEFAULT_BOT.applicationId}/unknown-token`, { body: { content: 'x' } })).status).toBe(404);
  });

  it('blocks every request once too many 401/403/429 responses were given', async () => {
    expect((await config({ rateLimits: { invalidRequests: { limit: 3, windowMs: 60_000, blockMs: 60_000 } } })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await json(`${sim.apiBase}/users/@me`, { token: 'wrong' })).status).toBe(401);
    const blocked = await json<Limited>(`${sim.apiBase}/users/@me`, { token: DEFAULT_BOT.token });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/blocked from accessing our API/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Restoring the limits lifts the ban.
    expect((await config({ rateLimits: null })).status).toBe(200);
    expect((await json(`${sim.apiBase}/users/@me`, { token: DEFAULT_BOT.token })).status).toBe(200);
  });

  it('refuses an invalid config with 400 naming the field, changing nothing', async () => {
    const bad = await json<{ error: string }>(`${sim.url}/_sim/config`, { body: { rateLimits: { messageCreate: { limit: 0 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('rateLimits.messageCreate.limit');
    const unknown = await json<{ error: string }>(`${sim.url}/_sim/config`, { body: { rateLimit: {} } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('rateLimit');
    expect(sim.config().rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  });
});
