// A member asks for a human (contract §5 `escalation`): in mention mode, mentioning the bot with "can I talk
// to a human please?" gets the member a reply saying the team was told, agents get {type:'escalation'}, and
// the owner is notified at most once an hour per conversation (the `escalations` row's notified_at is set
// once and not moved by a second request within the hour). ESCALATION_WEBHOOK_URL is unset in tests.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUMAN_NOTIFIED_TEXT } from '../../../src/guild/escalation';
import {
  actorSql,
  connectAgent,
  conversationIdFor,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  replyContent,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003501', username: 'nina' };

describe('a member asks for a human', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Escalation Guild');
    await patchSettings(guild.id, { plan: 'standard', escalationEmail: 'owner@example.com' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('tells the member, alerts the agents, and notifies the owner once per hour', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'olga' });

    const ask = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    const [reply] = await settledReplies(ask.id);
    const body = reply!.body as { content: string; allowed_mentions: { parse: string[] }; message_reference: { message_id: string } };
    expect(body.content).toBe(HUMAN_NOTIFIED_TEXT);
    expect(body.message_reference.message_id).toBe(ask.id);
    expect(body.allowed_mentions.parse).toEqual([]);
    const escalation = await agent.waitForEvent((e) => e.type === 'escalation', 'the escalation');
    expect(escalation).toEqual({ type: 'escalation', conversationId, reason: expect.any(String) });
    expect(escalation.reason!.length).toBeGreaterThan(0);
    // The agents also see the exchange itself.
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'user' && e.content === ask.content, 'the request');
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'bot' && e.content === HUMAN_NOTIFIED_TEXT, 'the notice');

    const rows = await actorSql<{ conversation_id: string; notified_at: number }>(guild.id, 'SELECT conversation_id, notified_at FROM escalations');
    expect(rows).toEqual([{ conversation_id: conversationId, notified_at: expect.any(Number) }]);
    const notifiedAt = rows[0]!.notified_at;

    // A second request within the hour: the member is told again, the agents see it, the owner is not re-notified.
    const again = await memberSays(guild, `<@${TEST_BOT.userId}> I need a human please, is anyone there?`, MEMBER);
    expect(await replyContent(again.id)).toBe(HUMAN_NOTIFIED_TEXT);
    await agent.waitForEvent((e) => e.type === 'escalation' && agent!.matching((x) => x.type === 'escalation').length === 2, 'the second escalation');
    expect(await actorSql(guild.id, 'SELECT conversation_id, notified_at FROM escalations')).toEqual([{ conversation_id: conversationId, notified_at: notifiedAt }]);

    // An ordinary question in the same conversation is still answered by the AI.
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await replyContent(question.id)).toContain('Refunds are issued within 14 days');
    expect(agent.matching((e) => e.type === 'escalation')).toHaveLength(2);

    // Once the hour has passed (notified_at moved back 61 minutes), the next request notifies again.
    const hourAgo = Date.now() - 61 * 60_000;
    await actorSql(guild.id, 'UPDATE escalations SET notified_at = ?', hourAgo);
    const later = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    expect(await replyContent(later.id)).toBe(HUMAN_NOTIFIED_TEXT);
    const [row] = await actorSql<{ notified_at: number }>(guild.id, 'SELECT notified_at FROM escalations WHERE conversation_id = ?', conversationId);
    expect(row!.notified_at).toBeGreaterThan(hourAgo + 60 * 60_000);
  });
});
