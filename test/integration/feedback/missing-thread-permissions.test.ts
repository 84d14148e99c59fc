// Missing thread permissions are an outcome, never a crash: without Create Private Threads in the tickets
// channel the member is told clearly (and nothing is left half-open, so a later click tries again); without
// Manage Threads in the forum the post is still marked solved and the member is told the tag could not be set.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  addKnowledge,
  callsTo,
  channelMessages,
  exactReplies,
  memberSays,
  patchSettings,
  sim,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type SimGuildInfo,
} from '../support';
import { answerMessage, clickButton, customIdsOf } from './support';

const CREATE_PRIVATE_THREADS = String(1n << 36n);
const MANAGE_THREADS = String(1n << 34n);
const MEMBER = { id: '200000000000012801', username: 'uma' };

async function editedResponse(token: string): Promise<string> {
  const path = `/webhooks/${TEST_BOT.applicationId}/${token}/messages/@original`;
  const edit = await waitFor(async () => (await callsTo('PATCH', path))[0], 'the edited response');
  return (edit.body as { content: string }).content;
}

describe('missing thread permissions', () => {
  let guild: SimGuildInfo & { channels: { id: string; name: string; available_tags?: { id: string; name: string }[] }[] };
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await sim('/_sim/guilds', {
      body: { name: 'No Thread Perms Guild', channels: [{ name: 'general' }, { name: 'tickets' }, { name: 'help', type: 15, tags: [{ name: 'Solved' }] }] },
    });
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    const [, tickets, forum] = guild.channels;
    await sim(`/_sim/channels/${tickets!.id}/overwrites/${TEST_BOT.userId}`, { method: 'PUT', body: { type: 1, deny: CREATE_PRIVATE_THREADS } });
    await sim(`/_sim/channels/${forum!.id}/overwrites/${TEST_BOT.userId}`, { method: 'PUT', body: { type: 1, deny: MANAGE_THREADS } });
    await patchSettings(guild.id, { tickets: { enabled: true, channelId: tickets!.id, staffRoleIds: [] } });
  });
  afterAll(stopGateway);

  it('tells the member a ticket could not be opened, and leaves no ticket open', async () => {
    const channelId = guild.channels[0]!.id;
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { userId: MEMBER.id, username: MEMBER.username });
    await exactReplies(guild, question);
    const answer = await answerMessage(channelId, question.id);
    const click = await clickButton(guild, { channelId, messageId: answer.id, customId: `herald:human:${question.id}`, user: MEMBER });
    expect(click.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(await editedResponse(click.signed.interaction.token)).toMatch(/missing permissions/);
    const [refused] = await callsTo('POST', `/channels/${guild.channels[1]!.id}/threads`);
    expect(refused!.status).toBe(403);
    expect(await actorSql(guild.id, 'SELECT thread_id FROM tickets WHERE closed_at IS NULL')).toEqual([]);
  });

  it('marks a post solved without the tag and says why', async () => {
    const forum = guild.channels[2]!;
    const post = await sim<{ thread: { id: string } }>('/_sim/forum-posts', {
      body: { channelId: forum.id, user: MEMBER, title: 'Refunds?', content: `<@${TEST_BOT.userId}> how do refunds work?` },
    });
    const threadId = post.thread.id;
    const answer = await waitFor(async () => (await channelMessages(threadId)).find((m) => customIdsOf(m).length > 0), 'the answer in the post');
    const click = await clickButton(guild, { channelId: threadId, messageId: answer.id, customId: `herald:solved:${threadId}`, user: MEMBER });
    expect(click.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(await editedResponse(click.signed.interaction.token)).toMatch(/couldn't tag this post .*Manage Threads/);
    expect(await actorSql(guild.id, "SELECT key FROM timers WHERE kind = 'solvedArchive'")).toEqual([{ key: threadId }]);
  });
});
