// Live monitoring and human takeover end to end (contract §5), through the real path: simulator gateway →
// GatewayShard → GuildActor → agents' WebSockets, and agents' replies → REST → simulator. An agent watches a
// conversation, takes it over (the AI goes quiet), answers as the bot, and after TAKEOVER_TIMEOUT_SECONDS of
// silence (simulated: the hold's last action and its timer row are moved into the past, then the alarm runs)
// the conversation is released and the AI answers again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  connectAgent,
  conversationIdFor,
  expectNothingPostedAfter,
  expireTakeovers,
  guildWithKnowledge,
  heldConversations,
  memberSays,
  mintGuildToken,
  patchSettings,
  replyContent,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type LiveAgent,
  type LiveEvent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003001', username: 'carol' };

describe('live monitoring and takeover, end to end', () => {
  let guild: SimGuildInfo;
  let agentToken: string;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live End To End Guild');
    await patchSettings(guild.id, { plan: 'standard' });
    agentToken = await mintGuildToken(guild.id, 'agent');
  });
  afterAll(async () => {
    for (const agent of agents) agent.close();
    await stopGateway();
  });

  it('streams, takes over, replies as the bot, and hands back to the AI after the timeout', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    const alice = await connectAgent(guild.id, agentToken, { via: 'ticket', name: 'alice' });
    const bob = await connectAgent(guild.id, agentToken, { via: 'header', name: 'bob' });
    agents.push(alice, bob);
    const isMessage = (author: string, content: string) => (event: LiveEvent) =>
      event.type === 'message' && event.author === author && event.content === content;

    // 1. A member asks; both agents see the question and the bot's answer live.
    const first = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    for (const agent of [alice, bob]) {
      const seen = await agent.waitForEvent(isMessage('user', first.content), 'the member question');
      expect(seen).toEqual({
        type: 'message',
        conversationId,
        guildId: guild.id,
        channelId,
        userId: MEMBER.userId,
        author: 'user',
        content: first.content,
        at: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(seen.at!))).toBe(false);
    }
    const answer = await replyContent(first.id);
    expect(answer).toContain('Refunds are issued within 14 days');
    for (const agent of [alice, bob]) {
      const seen = await agent.waitForEvent(isMessage('bot', answer), "the bot's answer");
      expect(seen).toMatchObject({ type: 'message', conversationId, guildId: guild.id, channelId, userId: MEMBER.userId, author: 'bot' });
    }

    // 2. Alice takes the conversation over: every agent is told who holds it.
    alice.send({ type: 'takeover', conversationId });
    for (const agent of [alice, bob]) {
      expect(await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover')).toEqual({ type: 'takeover', conversationId, by: 'alice' });
    }

    // 3. The member mentions the bot again: agents see it, the AI stays quiet.
    const held = await memberSays(guild, `<@${TEST_BOT.userId}> are refunds really issued within 14 days?`, MEMBER);
    for (const agent of [alice, bob]) await agent.waitForEvent(isMessage('user', held.content), 'the message during the hold');
    await expectNothingPostedAfter(guild, held);
    expect(alice.matching((e) => e.type === 'message' && e.author === 'bot')).toHaveLength(1);

    // 4. Alice replies: posted in the channel as the bot, replying to the member, pinging nobody.
    const agentText = 'Hi Carol, Alice from the team here @everyone: yes, 14 days, and I have started yours.';
    alice.send({ type: 'reply', conversationId, content: agentText });
    const [posted] = await waitFor(async () => {
      const found = (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).filter(
        (call) => (call.body as { content?: string } | null)?.content === agentText,
      );
      return found.length ? found : null;
    }, "the agent's reply in the channel");
    expect(posted!.path).toBe(`/channels/${channelId}/messages`);
    expect(posted!.status).toBeGreaterThanOrEqual(200);
    expect(posted!.status).toBeLessThan(300);
    expect(posted!.headers.authorization).toBe(`Bot ${TEST_BOT.token}`);
    const body = posted!.body as { allowed_mentions: { parse: string[]; roles?: string[] }; message_reference?: { message_id: string } };
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.allowed_mentions.roles ?? []).toEqual([]);
    expect(body.message_reference?.message_id).toBe(held.id);
    for (const agent of [alice, bob]) {
      const seen = await agent.waitForEvent(isMessage('agent', agentText), "the agent's reply");
      expect(seen).toEqual({
        type: 'message',
        conversationId,
        guildId: guild.id,
        channelId,
        userId: MEMBER.userId,
        author: 'agent',
        content: agentText,
        at: expect.any(String),
      });
    }
    // Replying keeps Alice's hold; no second takeover event.
    expect(bob.matching((e) => e.type === 'takeover')).toHaveLength(1);

    // 5. The conversations route (an agent token may read it) shows who holds it.
    const list = await heldConversations(guild.id, agentToken);
    expect(list.find((c) => c.conversationId === conversationId)).toMatchObject({ heldBy: 'alice' });

    // 6. TAKEOVER_TIMEOUT_SECONDS of agent silence: released with reason "timeout".
    expect(await expireTakeovers(guild.id)).toBe(true);
    for (const agent of [alice, bob]) {
      expect(await agent.waitForEvent((e) => e.type === 'released', 'the release')).toEqual({ type: 'released', conversationId, reason: 'timeout' });
    }
    expect((await heldConversations(guild.id)).find((c) => c.conversationId === conversationId)).toMatchObject({ heldBy: null });

    // 7. The AI answers the member's next mention again, and the agents see that answer.
    const after = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    const again = await replyContent(after.id);
    expect(again).toContain('Refunds are issued within 14 days');
    await bob.waitForEvent((e) => e.type === 'message' && e.author === 'bot' && e.content === again && e.at !== undefined, 'the AI answer after the release', {
      from: bob.events.findIndex((e) => e.type === 'released'),
    });
    expect(alice.matching((e) => e.type === 'error')).toEqual([]);
  });
});
