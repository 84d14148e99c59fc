// GET /api/guilds/:id/tokens lists a guild's tokens (id, role, label, createdAt, lastUsedAt; never the token)
// and DELETE .../tokens/:tokenId revokes one: it answers 401 from that moment on.

import { beforeAll, describe, expect, it } from 'vitest';
import { api, createGuild, type SimGuildInfo } from '../support';

interface TokenJson {
  id: string;
  role: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

describe('listing and revoking guild tokens', () => {
  let guild: SimGuildInfo;
  let admin: { token: string; id: string };
  let agent: { token: string; id: string };

  beforeAll(async () => {
    guild = await createGuild('Token List Guild');
    const minted = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'admin', label: 'Ops laptop' } });
    expect(minted.status).toBe(201);
    admin = await minted.json<{ token: string; id: string }>();
    agent = await (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } })).json<{ token: string; id: string }>();
  });

  it('lists id, role, label, createdAt and lastUsedAt, never the token', async () => {
    const response = await api(`/api/guilds/${guild.id}/tokens`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(admin.token);
    expect(text).not.toContain(agent.token);
    const { tokens } = JSON.parse(text) as { tokens: TokenJson[] };
    expect(tokens).toEqual([
      { id: admin.id, role: 'admin', label: 'Ops laptop', createdAt: expect.any(String), lastUsedAt: null },
      { id: agent.id, role: 'agent', label: null, createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(Object.keys(tokens[0]!).sort()).toEqual(['createdAt', 'id', 'label', 'lastUsedAt', 'role']);
  });

  it('refuses a label that is not a string or too long (400 naming label)', async () => {
    for (const label of [7, 'x'.repeat(101)]) {
      const response = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent', label } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'label' });
    }
  });

  it('lets a guild admin token list tokens but not an agent token', async () => {
    expect((await api(`/api/guilds/${guild.id}/tokens`, { token: admin.token })).status).toBe(200);
    expect((await api(`/api/guilds/${guild.id}/tokens`, { token: agent.token })).status).toBe(403);
    expect((await api(`/api/guilds/${guild.id}/tokens/${admin.id}`, { method: 'DELETE', token: agent.token })).status).toBe(403);
  });

  it('revokes a token: it answers 401 at once and leaves the list', async () => {
    expect((await api(`/api/guilds/${guild.id}/conversations`, { token: agent.token })).status).toBe(200);
    const revoked = await api(`/api/guilds/${guild.id}/tokens/${agent.id}`, { method: 'DELETE', token: admin.token });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ revoked: true });
    expect((await api(`/api/guilds/${guild.id}/conversations`, { token: agent.token })).status).toBe(401);
    const { tokens } = await (await api(`/api/guilds/${guild.id}/tokens`)).json<{ tokens: TokenJson[] }>();
    expect(tokens.map((t) => t.id)).toEqual([admin.id]);
  });

  it('answers 404 for an unknown token id and 400 for a malformed one', async () => {
    expect((await api(`/api/guilds/${guild.id}/tokens/${agent.id}`, { method: 'DELETE' })).status).toBe(404);
    const bad = await api(`/api/guilds/${guild.id}/tokens/not-an-id`, { method: 'DELETE' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'tokenId' });
  });
});
