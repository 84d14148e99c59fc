// An agent hands a conversation back (contract §5): {type:'release'} → every agent gets
// {type:'released', reason:'agent'}, the hold and its timer are gone, and the AI answers the member again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorTimers,
  connectAgent,
  conversationIdFor,
  expectNothingPostedAfter,
  guildWithKnowledge,
  heldConversations,
  memberSays,
  mintGuildToken,
  patchSettings,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003101', username: 'dave' };

describe('an agent releases a conversation', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Release Guild');
    await patchSettings(guild.id, { plan: 'pro' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('sends released (reason agent) and the AI answers again', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'erin' });

    agent.send({ type: 'takeover', conversationId });
    expect(await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover')).toEqual({ type: 'takeover', conversationId, by: 'erin' });
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual([{ kind: 'takeover', key: conversationId, due_at: expect.any(Number) }]);

    // While held, a mention gets no AI answer.
    const held = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    await agent.waitForEvent((e) => e.type === 'message' && e.content === held.content, 'the held message');
    await expectNothingPostedAfter(guild, held);

    agent.send({ type: 'release', conversationId });
    expect(await agent.waitForEvent((e) => e.type === 'released', 'the release')).toEqual({ type: 'released', conversationId, reason: 'agent' });
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual([]);
    expect((await heldConversations(guild.id)).find((c) => c.conversationId === conversationId)).toMatchObject({ heldBy: null });

    const after = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await replyContent(after.id)).toContain('Refunds are issued within 14 days');
    // Releasing again is harmless: nothing is held, so nothing is announced.
    agent.send({ type: 'release', conversationId });
    // A malformed message after it: its error comes back only once the release before it was handled.
    agent.send({ type: 'no-such-type' });
    await agent.waitForEvent((e) => e.type === 'error', 'the error for the probe message');
    expect(agent.matching((e) => e.type === 'released')).toHaveLength(1);
    expect(agent.matching((e) => e.type === 'error')).toHaveLength(1);
  });
});
