// Revoking a token (DELETE /api/guilds/:id/tokens/:tokenId) closes the live sockets opened with it, by
// header or by ticket, at once; sockets of other tokens stay open and keep working.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectAgent, conversationIdFor, createGuild, openLive, patchSettings, waitFor, type LiveAgent, type SimGuildInfo } from '../support';

describe('revoking a token with open live sockets', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Revoke Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it("closes that token's sockets (4001) and no other", async () => {
    const mint = async () => (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } })).json<{ token: string; id: string }>();
    const revoked = await mint();
    const kept = await mint();
    const byHeader = await connectAgent(guild.id, revoked.token, { name: 'rita' });
    const byTicket = await connectAgent(guild.id, revoked.token, { via: 'ticket', name: 'rita-browser' });
    const other = await connectAgent(guild.id, kept.token, { name: 'kate' });
    agents.push(byHeader, byTicket, other);

    expect((await api(`/api/guilds/${guild.id}/tokens/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => byHeader.closed && byTicket.closed, "the revoked token's sockets to close");
    expect([byHeader.closeCode, byTicket.closeCode]).toEqual([4001, 4001]);
    expect(other.closed).toBe(false);

    const conversationId = conversationIdFor(guild.channels[0]!.id, '200000000000005501');
    other.send({ type: 'takeover', conversationId });
    await other.waitForEvent((e) => e.type === 'takeover' && e.conversationId === conversationId, 'the takeover on the kept socket');
    other.send({ type: 'release', conversationId });

    // And the revoked token cannot open a new one, by header or ticket.
    expect((await openLive(guild.id, { token: revoked.token })).status).toBe(401);
    expect((await openLive(guild.id, { token: revoked.token, via: 'ticket' })).status).toBe(401);
  });

  it('refuses a ticket whose token was revoked before it was used', async () => {
    const { token, id } = await (await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } })).json<{ token: string; id: string }>();
    const issued = await api(`/api/guilds/${guild.id}/live/ticket`, { method: 'POST', token });
    expect(issued.status).toBe(201);
    const { ticket } = await issued.json<{ ticket: string }>();
    expect((await api(`/api/guilds/${guild.id}/tokens/${id}`, { method: 'DELETE' })).status).toBe(200);
    const response = await openLive(guild.id, { token: null, ticket });
    expect(response.status).toBe(401);
    expect(response.webSocket).toBeNull();
  });
});
