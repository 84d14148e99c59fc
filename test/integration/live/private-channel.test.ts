// Live monitoring never shows agents a private channel: a channel whose overwrites deny VIEW_CHANNEL to
// @everyone (learned from CHANNEL_CREATE) is answered as usual but not streamed; a public one is streamed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  connectAgent,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  repliesTo,
  sim,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003101', username: 'erin' };

describe('live monitoring and private channels', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Private Channel Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('streams the public channel and nothing from the private one', async () => {
    const secret = await sim<{ id: string }>(`/_sim/guilds/${guild.id}/channels`, { body: { name: 'staff-only', private: true } });
    // Herald itself may see and write in the staff room (as a real staff channel would allow its bot).
    const VIEW_SEND_HISTORY = String((1n << 10n) | (1n << 11n) | (1n << 16n));
    await sim(`/_sim/channels/${secret.id}/overwrites/${TEST_BOT.userId}`, { method: 'PUT', body: { type: 1, allow: VIEW_SEND_HISTORY } });
    const lobby = await sim<{ id: string }>(`/_sim/guilds/${guild.id}/channels`, { body: { name: 'lobby' } });
    await waitFor(async () => {
      const rows = await actorSql<{ channel_id: string; public: number }>(guild.id, 'SELECT channel_id, public FROM channel_visibility');
      const known = new Map(rows.map((row) => [row.channel_id, row.public]));
      return known.get(secret.id) === 0 && known.get(lobby.id) === 1;
    }, 'both channels known to the guild actor');
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'frank' });

    const hidden = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work? (staff room)`, { ...MEMBER, channelId: secret.id });
    // Answered as usual: the member is served, only the agents' view is limited.
    await waitFor(async () => (await repliesTo(hidden.id)).length > 0, 'the answer in the private channel');
    const shown = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work? (lobby)`, { ...MEMBER, channelId: lobby.id });
    await agent.waitForEvent((event) => event.type === 'message' && event.author === 'bot' && event.channelId === lobby.id, 'the lobby answer');

    expect(agent.matching((event) => event.type === 'message' && event.content === shown.content)).toHaveLength(1);
    expect(agent.matching((event) => event.channelId === secret.id)).toEqual([]);
  });
});
