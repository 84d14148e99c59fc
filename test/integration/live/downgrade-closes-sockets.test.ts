// Live monitoring is for the standard and pro plans: moving a guild to starter closes its open live
// sockets (4003), and new ones are refused (403).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, createGuild, mintGuildToken, openLive, patchSettings, waitFor, type LiveAgent, type SimGuildInfo } from '../support';

describe('a plan downgrade to starter', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Downgrade Guild');
    await patchSettings(guild.id, { plan: 'pro' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it('closes every live socket', async () => {
    const token = await mintGuildToken(guild.id, 'agent');
    agents.push(await connectAgent(guild.id, token, { name: 'dora' }), await connectAgent(guild.id, token, { via: 'ticket', name: 'dan' }));

    await patchSettings(guild.id, { plan: 'standard' });
    expect(agents.every((agent) => !agent.closed)).toBe(true);

    await patchSettings(guild.id, { plan: 'starter' });
    await waitFor(async () => agents.every((agent) => agent.closed), 'the live sockets to close');
    expect(agents.map((agent) => agent.closeCode)).toEqual([4003, 4003]);
    expect((await openLive(guild.id, { token })).status).toBe(403);
  });
});
