// Settings: defaults, merging PATCH, validation errors that name the field, the write-only bot token.

import { describe, expect, it } from 'vitest';
import { api } from './support';

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
    const customBot = { applicationId: '400000000000000001', publicKey: 'a'.repeat(64), botToken: 'secret-custom-token' };
    const response = await api(path, { method: 'PATCH', body: { customBot } });
    expect(response.status).toBe(200);
    const text = await (await api(path)).text();
    expect(text).not.toContain('secret-custom-token');
    expect(JSON.parse(text).customBot.applicationId).toBe('400000000000000001');
    await api(path, { method: 'PATCH', body: { customBot: null } });
  });

  it('rejects a guild id that is not a snowflake', async () => {
    const response = await api('/api/guilds/not-a-guild/settings');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'guildId' });
  });
});
