// A takeover is durable (contract §5): the lock is a SQLite row and its expiry a timer row, so after the
// GuildActor is evicted from memory the AI still stays out of the held conversation, the agent's hibernated
// socket still gets the member's messages, and the timeout alarm still releases it.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  actorTimers,
  connectAgent,
  conversationIdFor,
  expectNothingPostedAfter,
  expireTakeovers,
  guildActorStub,
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

const MEMBER = { userId: '200000000000003201', username: 'frank' };

describe('a takeover across the actor being evicted', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Eviction Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('keeps the AI out after eviction and still releases on the timeout', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'grace' });
    agent.send({ type: 'takeover', conversationId });
    await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover');
    const timerBefore = (await actorTimers(guild.id)).find((t) => t.kind === 'takeover' && t.key === conversationId);
    expect(timerBefore).toBeDefined();

    // A marker on the in-memory instance shows the eviction really gave us a new one.
    const stub = guildActorStub(guild.id);
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { evictionMarker?: boolean }).evictionMarker = true;
    });
    await evictDurableObject(stub);
    expect(await runInDurableObject(stub, (instance) => (instance as unknown as { evictionMarker?: boolean }).evictionMarker)).toBeUndefined();

    // A fresh instance: the lock, read from SQLite, still holds.
    const held = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'user' && e.content === held.content, 'the member message after eviction');
    await expectNothingPostedAfter(guild, held);
    expect(await actorSql(guild.id, 'SELECT conversation_id, agent FROM takeovers')).toEqual([{ conversation_id: conversationId, agent: 'grace' }]);
    expect((await actorTimers(guild.id)).find((t) => t.kind === 'takeover' && t.key === conversationId)).toEqual(timerBefore);
    expect((await heldConversations(guild.id)).find((c) => c.conversationId === conversationId)).toMatchObject({ heldBy: 'grace' });

    // The timeout still fires and releases it.
    expect(await expireTakeovers(guild.id)).toBe(true);
    expect(await agent.waitForEvent((e) => e.type === 'released', 'the release')).toEqual({ type: 'released', conversationId, reason: 'timeout' });
    expect(await actorSql(guild.id, 'SELECT conversation_id FROM takeovers')).toEqual([]);
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual([]);

    const after = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await replyContent(after.id)).toContain('Refunds are issued within 14 days');
  });
});
