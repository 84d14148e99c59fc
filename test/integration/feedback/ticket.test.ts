// Tickets (contract §8): "Talk to a human" with `tickets` opens a private thread (type 12, not invitable) in
// tickets.channelId, adds the member, posts a summary that pings only the staff roles, and holds the
// conversation: the AI stays quiet in the thread, agents see it live (staff messages as the agent's) and may
// reply from the live view; a second click points to the open ticket; "Close ticket" archives and locks it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  api,
  addSimMember,
  addSimRole,
  callsTo,
  channelMessages,
  connectAgent,
  exactReplies,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  patchSettings,
  settle,
  sim,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';
import { answerMessage, clickButton, customIdsOf, insightsOf } from './support';

const MANAGE_THREADS = String(1n << 34n);

interface ThreadView {
  thread: { id: string; type: number; parent_id: string; thread_metadata?: { archived: boolean; locked: boolean; invitable?: boolean } };
  memberIds: string[];
}

describe('tickets', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;
  let staffRole: string;
  const STAFF = { id: '200000000000012702', username: 'sam' };

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Ticket Guild', ['general', 'tickets']);
    staffRole = (await addSimRole(guild.id, { name: 'Support staff', permissions: MANAGE_THREADS })).id;
    await addSimMember(guild.id, { ...STAFF, roles: [staffRole] });
    await patchSettings(guild.id, { plan: 'standard', tickets: { enabled: true, channelId: guild.channels[1]!.id, staffRoleIds: [staffRole] } });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('opens a private thread with the member, pings only staff, keeps the AI quiet, and closes', async () => {
    const MEMBER = { id: '200000000000012701', username: 'tess' };
    const channelId = guild.channels[0]!.id;
    const ticketsChannel = guild.channels[1]!.id;
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work? @everyone`, { userId: MEMBER.id, username: MEMBER.username });
    await exactReplies(guild, question);
    const answer = await answerMessage(channelId, question.id);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'olga' });

    const human = await clickButton(guild, { channelId, messageId: answer.id, customId: customIdsOf(answer)[2]!, user: MEMBER });
    expect(human.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(human.ms).toBeLessThan(3_000);

    const [ticket] = await waitFor(async () => {
      const rows = await actorSql<{ thread_id: string; user_id: string; closed_at: number | null }>(guild.id, 'SELECT thread_id, user_id, closed_at FROM tickets');
      return rows.length ? rows : null;
    }, 'the ticket');
    const threadId = ticket!.thread_id;
    const [create] = await callsTo('POST', `/channels/${ticketsChannel}/threads`);
    expect(create!.body).toMatchObject({ type: 12, invitable: false });
    const view = await waitFor(async () => {
      const v = await sim<ThreadView>(`/_sim/threads/${threadId}`);
      return v.memberIds.includes(MEMBER.id) ? v : null;
    }, 'the member in the thread');
    expect(view.thread).toMatchObject({ type: 12, parent_id: ticketsChannel });

    // The summary: staff roles pinged and nobody else; the member's words quoted inert.
    const summary = await waitFor(async () => (await channelMessages(threadId)).find((m) => customIdsOf(m).includes(`herald:ticket:close:${threadId}`)), 'the summary');
    const [posted] = (await callsTo('POST', `/channels/${threadId}/messages`)).filter((c) => (c.body as { content: string }).content.includes('New ticket'));
    expect((posted!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], roles: [staffRole], users: [] });
    expect(summary.content).toContain(`<@&${staffRole}>`);
    expect(summary.content).toContain('how do refunds work?');
    expect(summary.mention_everyone).toBe(false);
    expect(summary.mention_roles).toEqual([staffRole]);

    // The member's "thinking…" became a link to the thread.
    const original = `/webhooks/${TEST_BOT.applicationId}/${human.signed.interaction.token}/messages/@original`;
    const edit = await waitFor(async () => (await callsTo('PATCH', original))[0], 'the link to the ticket');
    expect((edit.body as { content: string }).content).toContain(`<#${threadId}>`);

    const conversationId = `${threadId}:${MEMBER.id}`;
    await agent.waitForEvent((e) => e.type === 'escalation' && e.conversationId === conversationId, 'the ticket escalation');
    expect((await insightsOf(guild.id)).escalations).toBe(1);

    // In the thread the AI stays quiet; agents see the member, and staff count as agents.
    const inThread = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { channelId: threadId, userId: MEMBER.id, username: MEMBER.username });
    await agent.waitForEvent((e) => e.type === 'message' && e.conversationId === conversationId && e.author === 'user', "the member's message");
    await memberSays(guild, 'Hi Tess, I can help with that.', { channelId: threadId, userId: STAFF.id, username: STAFF.username });
    await agent.waitForEvent((e) => e.type === 'message' && e.conversationId === conversationId && e.author === 'agent' && e.content === 'Hi Tess, I can help with that.', 'the staff reply');
    agent.send({ type: 'reply', conversationId, content: 'An agent from the live view here.' });
    await waitFor(async () => (await channelMessages(threadId)).find((m) => m.content === 'An agent from the live view here.'), "the agent's reply in the thread");
    await settle();
    expect((await channelMessages(threadId)).filter((m) => m.message_reference?.message_id === inThread.id)).toEqual([]);

    // The conversations list shows the ticket's conversation as held.
    const listed = await (await api(`/api/guilds/${guild.id}/conversations`)).json<{ conversations: { conversationId: string; held: boolean; heldBy: string | null }[] }>();
    expect(listed.conversations.find((c) => c.conversationId === conversationId)).toMatchObject({ held: true });

    // A second click points to the open ticket; no second thread.
    const again = await clickButton(guild, { channelId, messageId: answer.id, customId: customIdsOf(answer)[2]!, user: MEMBER });
    expect(again.json).toMatchObject({ type: 4, data: { flags: 64, content: `You already have an open ticket: <#${threadId}>` } });
    expect(await callsTo('POST', `/channels/${ticketsChannel}/threads`)).toHaveLength(1);

    // Staff close it: the thread is archived and locked, the ticket ends.
    const closed = await clickButton(guild, { channelId: threadId, messageId: summary.id, customId: `herald:ticket:close:${threadId}`, user: STAFF });
    expect(closed.json).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/closed/i) } });
    await waitFor(async () => (await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.thread_metadata?.locked === true, 'the thread to be locked');
    expect((await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.thread_metadata).toMatchObject({ archived: true, locked: true });
    expect((await actorSql<{ closed_at: number | null }>(guild.id, 'SELECT closed_at FROM tickets'))[0]!.closed_at).not.toBeNull();
  });
});
