// An agent's `release` of a ticket's conversation hands the thread back to the AI: agents get `released`
// (reason agent), and the member's next question in the thread is answered; the ticket itself stays open.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  connectAgent,
  exactReplies,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  repliesTo,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000013301', username: 'abe' };

describe('releasing a ticket', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Ticket Release Guild', ['general', 'tickets']);
    await patchSettings(guild.id, { plan: 'standard', tickets: { enabled: true, channelId: guild.channels[1]!.id, staffRoleIds: [] } });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('lets the AI answer in the thread again after an agent releases it', async () => {
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'olga' });
    const ask = await memberSays(guild, `<@${TEST_BOT.userId}> can I talk to a human please?`, MEMBER);
    await exactReplies(guild, ask);
    const [ticket] = await waitFor(async () => {
      const rows = await actorSql<{ thread_id: string }>(guild.id, 'SELECT thread_id FROM tickets');
      return rows.length ? rows : null;
    }, 'the ticket');
    const threadId = ticket!.thread_id;
    const conversationId = `${threadId}:${MEMBER.userId}`;

    const quiet = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { ...MEMBER, channelId: threadId });
    await agent.waitForEvent((e) => e.type === 'message' && e.conversationId === conversationId && e.author === 'user', 'the quiet question');

    agent.send({ type: 'release', conversationId });
    await agent.waitForEvent((e) => e.type === 'released' && e.conversationId === conversationId, 'released');
    expect(agent.matching((e) => e.type === 'released' && e.conversationId === conversationId)).toHaveLength(1);

    const answered = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { ...MEMBER, channelId: threadId });
    const [reply] = await exactReplies(guild, answered);
    expect((reply!.body as { content: string }).content).toContain('Refunds are issued within 14 days');
    // The question asked while the ticket was held stays unanswered; the ticket is still open.
    expect(await actorSql(guild.id, 'SELECT closed_at FROM tickets')).toEqual([{ closed_at: null }]);
    expect(await repliesTo(quiet.id)).toEqual([]);
  });
});
