// The live route (contract §3, §4): a WebSocket upgrade only, behind a token, and only on the standard and
// pro plans: 403 on starter, 426 for a plain GET, 401 without a valid token.

import { beforeAll, describe, expect, it } from 'vitest';
import { createGuild, mintGuildToken, openLive, patchSettings, type SimGuildInfo } from '../support';

describe('GET /api/guilds/:id/live', () => {
  let guild: SimGuildInfo;
  let agentToken: string;

  beforeAll(async () => {
    guild = await createGuild('Live Plan Guild');
    agentToken = await mintGuildToken(guild.id, 'agent');
  });

  it('refuses the upgrade (and a live ticket) with 403 on the starter plan (operator and agent tokens)', async () => {
    for (const options of [{}, { token: agentToken }, { token: agentToken, via: 'ticket' as const }]) {
      const response = await openLive(guild.id, options);
      expect(response.status, JSON.stringify(options)).toBe(403);
      expect(response.webSocket).toBeNull();
      expect(await response.json<{ error: string }>()).toEqual({ error: expect.stringMatching(/plan/i) });
    }
  });

  it('answers 426 to a GET that is not a WebSocket upgrade', async () => {
    for (const token of [undefined, agentToken]) {
      const response = await openLive(guild.id, { token, upgrade: false });
      expect(response.status).toBe(426);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('answers 401 without a token or with an unknown one or ticket', async () => {
    const forgedTicket = `hlt_${guild.id}_${Date.now() + 30_000}_${'a'.repeat(32)}_${'b'.repeat(64)}`;
    for (const options of [{ token: null }, { token: 'nope' }, { token: `hg_${guild.id}_${'a'.repeat(32)}_${'b'.repeat(64)}` }, { token: null, ticket: forgedTicket }]) {
      const response = await openLive(guild.id, options);
      expect(response.status, JSON.stringify(options)).toBe(401);
      expect(response.webSocket).toBeNull();
    }
  });

  it('upgrades (101) once the guild is on the standard plan, and refuses another guild token (403)', async () => {
    await patchSettings(guild.id, { plan: 'standard' });
    const response = await openLive(guild.id, { token: agentToken, via: 'ticket' });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    socket.accept();
    socket.close(1000, 'done');

    const other = await createGuild('Live Plan Other Guild');
    await patchSettings(other.id, { plan: 'standard' });
    expect((await openLive(other.id, { token: agentToken })).status).toBe(403);
  });
});
