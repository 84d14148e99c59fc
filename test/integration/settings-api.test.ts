// Settings: defaults, merging PATCH, validation errors that name the field, the write-only bot token.

import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, CUSTOM_BOT } from './support';

const GUILD = '300000000000000002';
const path = `/api/guilds/${GUILD}/settings`;

describe('settings API', () => {
  it('returns the contract defaults for a new guild', async () => {
    const settings = await (await api(path)).json<Record<string, unknown>>();
    expect(settings).toMatchObject({
      responseMode: 'mention',
      smartMode: true,
      channelAwareness: false,
      channels: [],
      moderation: { enabled: false, actions: { delete: true, warn: false, timeout: false, kick: false, ban: false }, timeoutMinutes: 10, dryRun: false },
      proactive: { enabled: false, channel: 'general', frequency: 'daily' },
      plan: 'starter',
      customBot: null,
    });
  });

  it('merges a PATCH and keeps the rest', async () => {
    const response = await api(path, { method: 'PATCH', body: { responseMode: 'all', moderation: { actions: { ban: true } } } });
    expect(response.status).toBe(200);
    const settings = await (await api(path)).json<{ responseMode: string; moderation: { actions: Record<string, boolean> } }>();
    expect(settings.responseMode).toBe('all');
    expect(settings.moderation.actions).toEqual({ delete: true, warn: false, timeout: false, kick: false, ban: true });
  });

  it.each([
    [{ responseMode: 'loud' }, 'responseMode'],
    [{ moderation: { timeoutMinutes: -3 } }, 'moderation.timeoutMinutes'],
    [{ proactive: { frequency: 'hourly' } }, 'proactive.frequency'],
    [{ plan: 'gold' }, 'plan'],
    [{ unknownSetting: 1 }, 'unknownSetting'],
  ])('rejects %j with 400 naming %s, and changes nothing', async (patch, field) => {
    const before = await (await api(path)).text();
    const response = await api(path, { method: 'PATCH', body: patch });
    expect(response.status).toBe(400);
    const error = await response.json<{ error: string; field: string }>();
    expect(error.field).toBe(field);
    expect(error.error).toContain(field);
    expect(await (await api(path)).text()).toBe(before);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await api(path, { method: 'PATCH', rawBody: '{not json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'body' });
  });

  it('never returns the custom bot token', async () => {
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token };
    const response = await api(path, { method: 'PATCH', body: { customBot } });
    expect(response.status).toBe(200);
    const text = await (await api(path)).text();
    expect(text).not.toContain(CUSTOM_BOT.token);
    expect(JSON.parse(text).customBot).toMatchObject({ applicationId: CUSTOM_BOT.applicationId, botTokenSet: true });
    await api(path, { method: 'PATCH', body: { customBot: null } });
  });

  it.each([
    ['a token Discord rejects', { botToken: 'not-a-real-token' }, 'customBot.botToken'],
    ["another application's id", { applicationId: '400000000000000001' }, 'customBot.botToken'],
    ["a key that is not the application's", { publicKey: 'b'.repeat(64) }, 'customBot.publicKey'],
  ])('refuses a custom bot with %s (checked with Discord), and saves nothing', async (_label, change, field) => {
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token, ...change };
    const response = await api(path, { method: 'PATCH', body: { customBot } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field });
    expect((await (await api(path)).json<{ customBot: unknown }>()).customBot).toBeNull();
  });

  it("refuses plan, account and cap changes from a guild's own admin token", async () => {
    const minted = await api(`/api/guilds/${GUILD}/tokens`, { body: { role: 'admin' } });
    const { token } = await minted.json<{ token: string }>();
    for (const [field, value] of [['plan', 'pro'], ['accountId', 'acct-1'], ['monthlyLimit', 10]] as const) {
      const response = await api(path, { method: 'PATCH', body: { [field]: value }, token });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ field });
    }
    expect((await api(path, { method: 'PATCH', body: { smartMode: false }, token })).status).toBe(200);
    expect((await api(path, { method: 'PATCH', body: { plan: 'standard' } })).status).toBe(200);
  });

  it('rejects a guild id that is not a snowflake', async () => {
    const response = await api('/api/guilds/not-a-guild/settings');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'guildId' });
  });
});
