// Several agents watch one guild (contract §5): each connected agent gets the same events; when one
// disconnects, the others keep receiving and the bot keeps answering.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAgent,
  conversationIdFor,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  replyContent,
  settle,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type LiveAgent,
  type LiveEvent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003301', username: 'heidi' };

/** The events of one conversation, in the order this agent received them. */
function conversationEvents(agent: LiveAgent, conversationId: string): LiveEvent[] {
  return agent.matching((e) => e.conversationId === conversationId);
}

describe('many agents on one guild', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Many Agents Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(async () => {
    for (const agent of agents) agent.close();
    await stopGateway();
  });

  it('gives every agent the same events, and the rest keep receiving after one leaves', async () => {
    const conversationId = conversationIdFor(guild.channels[0]!.id, MEMBER.userId);
    const token = await mintGuildToken(guild.id, 'agent');
    const ivan = await connectAgent(guild.id, token, { name: 'ivan' });
    const judy = await connectAgent(guild.id, token, { via: 'ticket', name: 'judy' });
    agents.push(ivan, judy);

    const first = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    const answer = await replyContent(first.id);
    for (const agent of [ivan, judy]) {
      await agent.waitForEvent((e) => e.type === 'message' && e.author === 'bot' && e.content === answer, "the bot's answer");
    }
    judy.send({ type: 'takeover', conversationId });
    for (const agent of [ivan, judy]) await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover');
    judy.send({ type: 'release', conversationId });
    for (const agent of [ivan, judy]) await agent.waitForEvent((e) => e.type === 'released', 'the release');

    const ivanSaw = conversationEvents(ivan, conversationId);
    expect(ivanSaw.map((e) => [e.type, e.author ?? e.by ?? e.reason])).toEqual([
      ['message', 'user'],
      ['message', 'bot'],
      ['takeover', 'judy'],
      ['released', 'agent'],
    ]);
    expect(conversationEvents(judy, conversationId)).toEqual(ivanSaw);

    // Judy disconnects; Ivan still gets everything.
    judy.close();
    await settle(300);
    const judyCount = judy.events.length;
    const mark = ivan.events.length;
    const second = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    const secondAnswer = await replyContent(second.id);
    await ivan.waitForEvent((e) => e.type === 'message' && e.author === 'user' && e.content === second.content, 'the member message', { from: mark });
    await ivan.waitForEvent((e) => e.type === 'message' && e.author === 'bot' && e.content === secondAnswer, 'the answer', { from: mark });
    ivan.send({ type: 'takeover', conversationId });
    expect(await ivan.waitForEvent((e) => e.type === 'takeover', 'the takeover by ivan', { from: mark })).toEqual({ type: 'takeover', conversationId, by: 'ivan' });
    expect(judy.events.length).toBe(judyCount);

    // A third agent joining later gets what happens from then on.
    const ken = await connectAgent(guild.id, token, { name: 'ken' });
    agents.push(ken);
    ivan.send({ type: 'release', conversationId });
    await waitFor(async () => ken.matching((e) => e.type === 'released').length === 1 && ivan.matching((e) => e.type === 'released').length === 2, 'both to see the release');
    expect(ken.events).toEqual([{ type: 'released', conversationId, reason: 'agent' }]);
  });
});
