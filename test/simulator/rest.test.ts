// REST API v10 emulation: auth, messages and validation, moderation, recording, injected faults.
import { verify, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot, type RecordedCall } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

interface ApiError {
  message: string;
  code: number;
  errors?: Record<string, { _errors: { code: string; message: string }[] }>;
}
interface Msg {
  id: string;
  content: string;
  author: { id: string; bot?: boolean };
  referenced_message?: { id: string } | null;
  message_reference?: { message_id: string };
}

describe('REST', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;
  const token = DEFAULT_BOT.token;
  const api = <T>(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
    json<T>(`${sim.apiBase}${path}`, { token, ...init });

  beforeAll(async () => {
    // This file sends bursts on one channel; test/simulator/rate-limits.test.ts covers the real limits.
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000, rateLimit: { limit: 1000, windowMs: 1000 } });
    guild = sim.addGuild({ name: 'rest guild' });
    channelId = guild.channels[0]?.id ?? '';
  });
  beforeEach(() => sim.clearFaults());
  afterAll(() => sim.close());

  it('rejects requests without a valid bot token with 401 JSON and rate-limit headers', async () => {
    for (const t of [null, 'wrong']) {
      const res = await api<ApiError>('/users/@me', { token: t });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: '401: Unauthorized', code: 0 });
      expect(res.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    }
    const me = await api<{ id: string; bot: boolean }>('/users/@me');
    expect(me.body).toMatchObject({ id: DEFAULT_BOT.userId, bot: true });
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket']) {
      expect(me.headers.get(h)).not.toBeNull();
    }
    expect((await json<ApiError>(`${sim.apiBase}/nope`, { token })).body).toEqual({ message: '404: Not Found', code: 0 });
  });

  it('serves gateway and application info (also without the version prefix)', async () => {
    const info = await api<{ url: string; shards: number; session_start_limit: { total: number; remaining: number; max_concurrency: number } }>('/gateway/bot');
    expect(info.body).toMatchObject({ url: sim.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 1 } });
    const app = await json<{ id: string; verify_key: string }>(`${sim.url}/api/applications/@me`, { token });
    expect(app.body).toMatchObject({ id: DEFAULT_BOT.applicationId, verify_key: sim.publicKey });
  });

  it('creates, replies, lists, edits and deletes messages, validating like Discord', async () => {
    const member = sim.memberSays({ guildId: guild.id, channelId, author: { username: 'carol' }, content: 'question?' });
    const created = await api<Msg>(`/channels/${channelId}/messages`, { body: { content: 'answer', message_reference: { message_id: member.id } } });
    expect(created.status).toBe(200);
    expect(created.body.author).toMatchObject({ id: DEFAULT_BOT.userId, bot: true });
    expect(created.body.referenced_message?.id).toBe(member.id);
    expect(created.body.message_reference?.message_id).toBe(member.id);

    const tooLong = await api<ApiError>(`/channels/${channelId}/messages`, { body: { content: 'x'.repeat(2001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ message: 'Invalid Form Body', code: 50035 });
    expect(tooLong.body.errors?.content?._errors[0]?.code).toBe('BASE_TYPE_MAX_LENGTH');
    expect((await api<ApiError>(`/channels/${channelId}/messages`, { body: { content: 'x'.repeat(2000) } })).status).toBe(200);
    expect((await api<ApiError>(`/channels/${channelId}/messages`, { body: { content: '' } })).body).toEqual({ message: 'Cannot send an empty message', code: 50006 });
    const badRef = await api<ApiError>(`/channels/${channelId}/messages`, { body: { content: 'hi', message_reference: { message_id: '1' } } });
    expect(badRef.body.code).toBe(50035);

    const list = await api<Msg[]>(`/channels/${channelId}/messages?limit=2`);
    expect(list.body.map((m) => m.content)).toEqual(['x'.repeat(2000), 'answer']);
    const edited = await api<Msg & { edited_timestamp: string }>(`/channels/${channelId}/messages/${created.body.id}`, { method: 'PATCH', body: { content: 'better answer' } });
    expect(edited.body).toMatchObject({ content: 'better answer' });
    expect(edited.body.edited_timestamp).toBeTruthy();
    expect((await api<ApiError>(`/channels/${channelId}/messages/${member.id}`, { method: 'PATCH', body: { content: 'no' } })).body.code).toBe(50005);

    expect((await api(`/channels/${channelId}/messages/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await api<ApiError>(`/channels/${channelId}/messages/${created.body.id}`, { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: 'Unknown Message', code: 10008 });
    expect((await api(`/channels/${channelId}/typing`, { method: 'POST' })).status).toBe(204);
    expect((await api<ApiError>('/channels/123/messages', { body: { content: 'x' } })).body.code).toBe(10003);
  });

  it('refuses channels of guilds the bot is not in with 403 Missing Access', async () => {
    const secondBot = { token: 'other-token', applicationId: '100000000000000002', userId: '100000000000000002', username: 'Other' };
    const multi = await startDiscordSimulator({ bots: [DEFAULT_BOT, secondBot] });
    try {
      const only = multi.addGuild({ name: 'other only', bots: [secondBot.applicationId] });
      const res = await json<ApiError>(`${multi.apiBase}/channels/${only.channels[0]?.id}/messages`, { token, body: { content: 'hi' } });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Missing Access', code: 50001 });
    } finally {
      await multi.close();
    }
  });

  it('times out, kicks, bans and unbans members', async () => {
    const victim = sim.addMember(guild.id, { username: 'mallory' });
    const uid = victim.user.id;
    const until = new Date(Date.now() + 60_000).toISOString();
    const timedOut = await api<{ communication_disabled_until: string }>(`/guilds/${guild.id}/members/${uid}`, { method: 'PATCH', body: { communication_disabled_until: until } });
    expect(timedOut.status).toBe(200);
    expect(timedOut.body.communication_disabled_until).toBe(until);

    expect((await api(`/guilds/${guild.id}/members/${uid}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api<ApiError>(`/guilds/${guild.id}/members/${uid}`)).body).toEqual({ message: 'Unknown Member', code: 10007 });

    const spammer = sim.addMember(guild.id, { username: 'spammer' });
    const spam = sim.memberSays({ guildId: guild.id, channelId, author: { id: spammer.user.id, username: 'spammer' }, content: 'buy now' });
    expect((await api(`/guilds/${guild.id}/bans/${spammer.user.id}`, { method: 'PUT', body: { delete_message_seconds: 3600 } })).status).toBe(204);
    expect(sim.messages(channelId).some((m) => m.id === spam.id)).toBe(false);
    const bans = await api<{ user: { id: string } }[]>(`/guilds/${guild.id}/bans`);
    expect(bans.body.map((b) => b.user.id)).toContain(spammer.user.id);
    expect((await api(`/guilds/${guild.id}/members/${spammer.user.id}`)).status).toBe(404);
    expect((await api(`/guilds/${guild.id}/bans/${spammer.user.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api<ApiError>(`/guilds/${guild.id}/bans/${spammer.user.id}`, { method: 'DELETE' })).body).toEqual({ message: 'Unknown Ban', code: 10026 });
    expect((await api<ApiError>(`/guilds/${guild.id}/members/${guild.ownerId}`, { method: 'DELETE' })).body.code).toBe(50013);
  });

  it('records every call, failures included, and filters them', async () => {
    const before = sim.calls().at(-1)?.id ?? 0;
    await api(`/channels/${channelId}/messages`, { body: { content: 'recorded' } });
    await api('/users/@me', { token: null });
    const res = await json<RecordedCall[]>(`${sim.url}/_sim/calls?since=${before}`);
    expect(res.body.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', `/channels/${channelId}/messages`, 200],
      ['GET', '/users/@me', 401],
    ]);
    expect(res.body[0]).toMatchObject({ body: { content: 'recorded' }, query: {}, headers: { authorization: `Bot ${token}` } });
    const filtered = await json<RecordedCall[]>(`${sim.url}/_sim/calls?since=${before}&method=get&path=/users`);
    expect(filtered.body).toHaveLength(1);
    await json(`${sim.url}/_sim/reset`, { method: 'POST' });
    expect(sim.calls()).toEqual([]);
  });

  it('injects 429 (then lets the next call through), global 429, 403 and 500', async () => {
    const path = `/channels/${channelId}/messages`;
    const added = await json<{ id: number }>(`${sim.url}/_sim/faults/rest`, { body: { method: 'POST', path: '/channels/', status: 429, count: 1, retryAfter: 0.25 } });
    expect(added.status).toBe(200);
    const limited = await api<{ message: string; retry_after: number; global: boolean }>(path, { body: { content: 'a' } });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'You are being rate limited.', retry_after: 0.25, global: false });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await api(path, { body: { content: 'b' } })).status).toBe(200);

    sim.restFault({ path: `^/channels/\\d+/messages$`, status: 429, retryAfter: 2, global: true });
    const global = await api<{ global: boolean }>(path, { body: { content: 'c' } });
    expect(global.body.global).toBe(true);
    expect(global.headers.get('x-ratelimit-global')).toBe('true');
    expect(global.headers.get('x-ratelimit-scope')).toBe('global');

    sim.restFault({ path: '/guilds/', status: 403, count: 2 });
    expect((await api<ApiError>(`/guilds/${guild.id}`)).body).toEqual({ message: 'Missing Permissions', code: 50013 });
    await json(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect((await api(`/guilds/${guild.id}`)).status).toBe(200);

    sim.restFault({ path: '/users/@me', status: 500 });
    expect((await api<ApiError>('/users/@me')).body).toEqual({ message: '500: Internal Server Error', code: 0 });
    const recorded = sim.calls({ path: path }).map((c) => c.status);
    expect(recorded.slice(-3)).toEqual([429, 200, 429]);
  });

  it('signs simulated interactions and handles callbacks, follow-ups and @original edits', async () => {
    const commands = await api<{ id: string; name: string }[]>(`/applications/${DEFAULT_BOT.applicationId}/commands`, {
      method: 'PUT',
      body: [{ name: 'ask', description: 'Ask Herald', options: [{ type: 3, name: 'question', description: 'q', required: true }] }],
    });
    expect(commands.body[0]).toMatchObject({ name: 'ask', id: expect.stringMatching(/^\d+$/) });

    const signed = await json<{ interaction: { id: string; token: string; data: { id: string } }; body: string; headers: Record<string, string> }>(
      `${sim.url}/_sim/interactions`,
      { body: { guildId: guild.id, channelId, user: { username: 'dave' }, name: 'ask', options: [{ name: 'question', type: 3, value: 'hi' }] } },
    );
    const { interaction, headers } = signed.body;
    expect(interaction.data.id).toBe(commands.body[0]?.id);
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(sim.publicKey, 'hex')]), format: 'der', type: 'spki' });
    const ok = verify(null, Buffer.from((headers['x-signature-timestamp'] ?? '') + signed.body.body), key, Buffer.from(headers['x-signature-ed25519'] ?? '', 'hex'));
    expect(ok).toBe(true);

    const cb = `${sim.apiBase}/interactions/${interaction.id}/${interaction.token}/callback`;
    expect((await json(cb, { body: { type: 5 } })).status).toBe(204);
    expect((await json<ApiError>(cb, { body: { type: 5 } })).body.code).toBe(40060);
    const original = await json<Msg & { flags: number }>(`${sim.apiBase}/webhooks/${DEFAULT_BOT.applicationId}/${interaction.token}/messages/@original`, {
      method: 'PATCH',
      body: { content: 'done thinking' },
    });
    expect(original.body).toMatchObject({ content: 'done thinking', flags: 0 });
    const followUp = await json<Msg>(`${sim.apiBase}/webhooks/${DEFAULT_BOT.applicationId}/${interaction.token}`, { body: { content: 'one more thing' } });
    expect(followUp.status).toBe(200);
    expect(sim.messages(channelId).slice(-2).map((m) => m.content)).toEqual(['done thinking', 'one more thing']);
    expect((await json<ApiError>(`${sim.apiBase}/webhooks/${DEFAULT_BOT.applicationId}/nope`, { body: { content: 'x' } })).body.code).toBe(10015);
  });

  it('serves a self-contained chat page', async () => {
    const res = await fetch(`${sim.url}/`);
    const html = await res.text();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('/_sim/messages');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });
});
