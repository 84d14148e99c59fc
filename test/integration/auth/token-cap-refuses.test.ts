// The 100-token cap refuses (409) instead of evicting: a guild admin minting tokens cannot push out the
// owner's; every existing token keeps working.

import { describe, expect, it } from 'vitest';
import { api, createGuild } from '../support';

const MAX_GUILD_TOKENS = 100;

describe('the guild token cap', () => {
  it('answers 409 at the cap and evicts nobody', async () => {
    const guild = await createGuild('Token Cap Guild');
    const owners = await (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin', label: 'owner' } })).json<{ token: string }>();
    const admin = await (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin', label: 'co-admin' } })).json<{ token: string }>();
    for (let i = 2; i < MAX_GUILD_TOKENS; i++) {
      expect((await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' }, token: admin.token })).status).toBe(201);
    }
    const refused = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' }, token: admin.token });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/revoke/) });
    expect((await api(`/api/guilds/${guild.id}/settings`, { token: owners.token })).status).toBe(200);
    const { tokens } = await (await api(`/api/guilds/${guild.id}/tokens`)).json<{ tokens: unknown[] }>();
    expect(tokens).toHaveLength(MAX_GUILD_TOKENS);
  }, 60_000);
});
