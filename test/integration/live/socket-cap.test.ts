// Open live sockets per guild are capped (MAX_LIVE_SOCKETS): one more is refused with 429, and a slot
// frees up when a socket closes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIVE_SOCKETS } from '../../../src/takeover/live';
import { connectAgent, createGuild, LiveAgent, mintGuildToken, openLive, patchSettings, waitFor, type SimGuildInfo } from '../support';

describe('the live socket cap', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Socket Cap Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it('refuses one socket over the cap with 429 and accepts again after one closes', async () => {
    const token = await mintGuildToken(guild.id, 'agent');
    for (let i = 0; i < MAX_LIVE_SOCKETS; i++) agents.push(await connectAgent(guild.id, token, { name: `agent${i}` }));

    const refused = await openLive(guild.id, { token });
    expect(refused.status).toBe(429);
    expect(refused.webSocket).toBeNull();
    expect(await refused.json()).toEqual({ error: expect.stringContaining(String(MAX_LIVE_SOCKETS)) });

    agents[0]!.close();
    const reopened = await waitFor(async () => {
      const response = await openLive(guild.id, { token });
      if (response.status !== 101) return null;
      response.webSocket!.accept();
      return new LiveAgent(response.webSocket!);
    }, 'a slot after one socket closed');
    agents.push(reopened);
  });
});
