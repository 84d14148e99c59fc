// Browsers open the live socket with a short-lived, single-use ticket (POST .../live/ticket → {ticket,
// expiresAt}, then GET .../live?ticket=); a long-lived token in the URL (?token=) is not accepted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, api, createGuild, mintGuildToken, openLive, patchSettings, requestLiveTicket, type SimGuildInfo } from '../support';

describe('live tickets', () => {
  let guild: SimGuildInfo;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Ticket Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const socket of sockets) socket.close(1000, 'done');
  });

  async function ticketFor(token: string): Promise<string> {
    const response = await requestLiveTicket(guild.id, token);
    expect(response.status).toBe(201);
    const body = await response.json<{ ticket: string; expiresAt: string }>();
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    return body.ticket;
  }

  it('are issued to agent and admin tokens and open the socket once', async () => {
    for (const role of ['agent', 'admin'] as const) {
      const ticket = await ticketFor(await mintGuildToken(guild.id, role));
      const first = await openLive(guild.id, { token: null, ticket });
      expect(first.status, role).toBe(101);
      first.webSocket!.accept();
      sockets.push(first.webSocket!);
      const again = await openLive(guild.id, { token: null, ticket });
      expect(again.status, role).toBe(401);
      expect(await again.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('refuses a ticket the guild no longer holds (expired and pruned)', async () => {
    const ticket = await ticketFor(await mintGuildToken(guild.id, 'agent'));
    await actorSql(guild.id, 'UPDATE live_tickets SET expires_at = ?', Date.now() - 1);
    expect((await openLive(guild.id, { token: null, ticket })).status).toBe(401);
  });

  it("refuses another guild's ticket (403)", async () => {
    const other = await createGuild('Live Ticket Other Guild');
    await patchSettings(other.id, { plan: 'standard' });
    const ticket = await ticketFor(await mintGuildToken(guild.id, 'agent'));
    expect((await openLive(other.id, { token: null, ticket })).status).toBe(403);
  });

  it('does not accept ?token= (401), even with a valid token', async () => {
    const token = await mintGuildToken(guild.id, 'agent');
    const response = await api(`/api/guilds/${guild.id}/live?token=${encodeURIComponent(token)}`, { token: null });
    expect(response.status).toBe(401);
  });

  it('cannot be used for anything but the live socket', async () => {
    const ticket = await ticketFor(await mintGuildToken(guild.id, 'admin'));
    expect((await api(`/api/guilds/${guild.id}/conversations?ticket=${ticket}`, { token: null })).status).toBe(401);
  });
});
