// Conversations agents hold per guild are capped (MAX_TAKEOVERS): taking one more answers the agent with an
// error and holds nothing; releasing one makes room again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TAKEOVERS } from '../../../src/takeover/live';
import { actorSql, connectAgent, conversationIdFor, createGuild, mintGuildToken, patchSettings, type LiveAgent, type SimGuildInfo } from '../support';

describe('the takeover cap', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Takeover Cap Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it('refuses a takeover past the cap and accepts one after a release', async () => {
    const channelId = guild.channels[0]!.id;
    const agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'carl' });
    agents.push(agent);
    // Agents already hold MAX_TAKEOVERS conversations (seeded: sending that many frames would hit the frame limit).
    const now = Date.now();
    for (let i = 0; i < MAX_TAKEOVERS; i++) {
      const userId = String(200000000000007000n + BigInt(i));
      await actorSql(
        guild.id,
        'INSERT INTO takeovers (conversation_id, channel_id, user_id, agent, taken_at, last_action_at) VALUES (?, ?, ?, ?, ?, ?)',
        conversationIdFor(channelId, userId),
        channelId,
        userId,
        'someone',
        now,
        now,
      );
    }
    const extra = conversationIdFor(channelId, '200000000000008999');
    let mark = agent.events.length;
    agent.send({ type: 'takeover', conversationId: extra });
    const error = await agent.waitForEvent(() => true, 'the answer to a takeover past the cap', { from: mark });
    expect(error).toEqual({ type: 'error', error: expect.stringContaining(String(MAX_TAKEOVERS)) });
    expect(await actorSql(guild.id, 'SELECT 1 FROM takeovers WHERE conversation_id = ?', extra)).toEqual([]);

    // Holding on to a conversation already held is not a new takeover: still allowed.
    mark = agent.events.length;
    agent.send({ type: 'takeover', conversationId: conversationIdFor(channelId, '200000000000007000') });
    await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover of a held conversation', { from: mark });

    agent.send({ type: 'release', conversationId: conversationIdFor(channelId, '200000000000007001') });
    await agent.waitForEvent((e) => e.type === 'released', 'the release');
    mark = agent.events.length;
    agent.send({ type: 'takeover', conversationId: extra });
    await agent.waitForEvent((e) => e.type === 'takeover' && e.conversationId === extra, 'the takeover after a release', { from: mark });
  });
});
