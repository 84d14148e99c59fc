// Live monitoring and takeover of a thread conversation: agents see a forum post's thread as one conversation
// (whoever writes), take it over, reply into the thread as the bot, and the AI stays quiet there meanwhile.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  calls,
  connectAgent,
  botMessagesAfter,
  handledByGuild,
  memberSays,
  mintGuildToken,
  patchSettings,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  type LiveAgent,
  type LiveEvent,
} from '../support';
import { forumGuild, forumPost } from './support';

const POSTER = { id: '200000000000012401', username: 'poster' };
const OTHER = { userId: '200000000000012402', username: 'other' };

describe('live view of a thread', () => {
  let agent: LiveAgent | undefined;
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('streams the thread as one conversation and lets an agent take it over and reply in it', async () => {
    const guild = await forumGuild('Live Thread Guild');
    await patchSettings(guild.id, { plan: 'standard' });
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'));

    const post = await forumPost(guild.forum, 'Password reset', 'Where is it?', POSTER);
    const conversationId = `${post.thread.id}:${POSTER.id}`;
    const isIn = (author: string) => (event: LiveEvent) => event.type === 'message' && event.conversationId === conversationId && event.author === author;
    await agent.waitForEvent(isIn('user'), 'the post');
    await agent.waitForEvent(isIn('bot'), "Herald's answer");

    // Someone else writes in the thread: the same conversation.
    const from = agent.events.length;
    await memberSays(guild, 'same problem here, where is the reset?', { ...OTHER, channelId: post.thread.id });
    const seen = await agent.waitForEvent(isIn('user'), "the other member's message", { from });
    expect(seen).toMatchObject({ channelId: post.thread.id, userId: OTHER.userId });
    await agent.waitForEvent(isIn('bot'), 'the answer to it', { from });

    agent.send({ type: 'takeover', conversationId });
    await agent.waitForEvent((event) => event.type === 'takeover' && event.conversationId === conversationId, 'the takeover');
    const held = await memberSays(guild, 'is anyone there? where is the reset?', { ...OTHER, channelId: post.thread.id });
    agent.send({ type: 'reply', conversationId, content: 'A person here: Settings, then Security.' });
    const reply = await waitFor(async () => (await calls({ method: 'POST', path: `/channels/${post.thread.id}/messages` })).find((call) => (call.body as { content?: string }).content === 'A person here: Settings, then Security.'), 'the agent reply in the thread');
    expect(reply.status).toBe(200);
    // The AI stayed out of the held thread: the agent's reply is the only bot message after the held one.
    await handledByGuild(guild, [held]);
    expect((await botMessagesAfter(post.thread.id, held.id)).map((m) => m.content)).toEqual(['A person here: Settings, then Security.']);
  });
});
