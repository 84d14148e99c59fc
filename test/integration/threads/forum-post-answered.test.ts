// A new post in a forum is answered in its thread from the knowledge base (title and text are the question),
// and a follow-up by another member in that thread is answered without a mention (mention mode).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, exactReplies, memberSays, startGatewayAndWait, stopGateway } from '../support';
import { forumGuild, forumPost } from './support';

describe('forum posts', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers a new post in its thread, and a follow-up by someone else without a mention', async () => {
    const guild = await forumGuild('Forum Answer Guild');
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password. A link arrives by email.' });
    await addKnowledge(guild.id, { title: 'Export data', content: 'Exports are made from the Data tab: choose Export and pick CSV or JSON. Large exports arrive by email within an hour.' });

    const post = await forumPost(guild.forum, 'Password reset', 'Where do I do it?');
    expect(post.message.id).toBe(post.thread.id);
    const [answer] = await exactReplies(guild, post.message);
    expect(answer!.path).toBe(`/channels/${post.thread.id}/messages`);
    expect((answer!.body as { content: string }).content).toContain('choose Security and press Reset password');

    // Another member asks in the same thread, without mentioning Herald.
    const followUp = await memberSays(guild, 'how do I export my data as CSV?', { channelId: post.thread.id, userId: '200000000000012003', username: 'other' });
    const [second] = await exactReplies(guild, followUp);
    expect(second!.path).toBe(`/channels/${post.thread.id}/messages`);
    expect((second!.body as { content: string }).content).toContain('Exports are made from the Data tab');
  });
});
