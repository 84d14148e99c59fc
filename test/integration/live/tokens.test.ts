// Guild tokens (contract §3): the operator mints admin and agent tokens for one guild; a guild admin token
// opens that guild's routes only (403 elsewhere); an agent token only live monitoring and reading
// conversations; an unknown token is 401.

import { beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, mintGuildToken, type SimGuildInfo } from '../support';

describe('guild tokens', () => {
  let guild: SimGuildInfo;
  let other: SimGuildInfo;
  let adminToken: string;
  let agentToken: string;

  beforeAll(async () => {
    guild = await createGuild('Live Tokens Guild');
    other = await createGuild('Live Tokens Other Guild');
    // The tokens the later cases use are minted here, so no case depends on the minting case before it.
    adminToken = await mintGuildToken(guild.id, 'admin');
    agentToken = await mintGuildToken(guild.id, 'agent');
  });

  it('mints admin and agent tokens (201 {token}) and refuses an unknown role (400 naming the field)', async () => {
    const agent = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } });
    expect(agent.status).toBe(201);
    const agentBody = await agent.json<{ token: string }>();
    expect(agentBody.token).toEqual(expect.any(String));
    expect(agentBody.token.length).toBeGreaterThan(20);

    const admin = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin' } });
    expect(admin.status).toBe(201);
    const adminBody = await admin.json<{ token: string }>();
    expect(adminBody.token).not.toBe(agentBody.token);
    expect([adminToken, agentToken]).not.toContain(adminBody.token);

    for (const body of [{ role: 'owner' }, { role: 'ADMIN' }, {}, { role: 7 }]) {
      const bad = await api(`/api/guilds/${guild.id}/tokens`, { body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(await bad.json<{ error: string; field?: string }>()).toMatchObject({ field: 'role', error: expect.stringContaining('role') });
    }
  });

  it("a guild admin token works on its guild's settings and is refused (403) on another guild's", async () => {
    expect((await api(`/api/guilds/${guild.id}/settings`, { token: adminToken })).status).toBe(200);
    const patched = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { smartMode: false }, token: adminToken });
    expect(patched.status).toBe(200);
    expect(await patched.json<{ smartMode: boolean }>()).toMatchObject({ smartMode: false });

    expect((await api(`/api/guilds/${other.id}/settings`, { token: adminToken })).status).toBe(403);
    expect((await api(`/api/guilds/${other.id}/settings`, { method: 'PATCH', body: { smartMode: false }, token: adminToken })).status).toBe(403);
    expect((await api(`/api/guilds/${other.id}/tokens`, { body: { role: 'admin' }, token: adminToken })).status).toBe(403);
    // The other guild's settings were not touched.
    expect(await (await api(`/api/guilds/${other.id}/settings`)).json<{ smartMode: boolean }>()).toMatchObject({ smartMode: true });
  });

  it('an agent token reads conversations and nothing else', async () => {
    const list = await api(`/api/guilds/${guild.id}/conversations`, { token: agentToken });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ conversations: expect.any(Array) });

    expect((await api(`/api/guilds/${guild.id}/settings`, { token: agentToken })).status).toBe(403);
    const patch = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { plan: 'pro' }, token: agentToken });
    expect(patch.status).toBe(403);
    expect(await patch.json()).toEqual({ error: expect.any(String) });
    expect((await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin' }, token: agentToken })).status).toBe(403);
    expect((await api(`/api/guilds/${guild.id}/knowledge`, { token: agentToken })).status).toBe(403);
    expect((await api(`/api/guilds/${other.id}/conversations`, { token: agentToken })).status).toBe(403);
    // The refused PATCH changed nothing.
    expect(await (await api(`/api/guilds/${guild.id}/settings`)).json<{ plan: string }>()).toMatchObject({ plan: 'starter' });
  });

  it('an unknown token is 401', async () => {
    const forged = `hg_${guild.id}_${'0'.repeat(48)}`;
    for (const token of [forged, 'not-a-token', `${adminToken}x`]) {
      const response = await api(`/api/guilds/${guild.id}/settings`, { token });
      expect(response.status, token).toBe(401);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    expect((await api(`/api/guilds/${guild.id}/conversations`, { token: null })).status).toBe(401);
  });
});
