// A message in a thread Herald was never told about (its THREAD_CREATE missed, the table pruned): Herald asks
// Discord for the channel once (GET /channels/:id), learns its parent forum, and answers as in any forum post.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, addKnowledge, calls, exactReplies, memberSays, startGatewayAndWait, stopGateway } from '../support';
import { forumGuild, forumPost } from './support';

describe('a thread Herald does not know yet', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('is looked up once and then treated by its parent', async () => {
    const guild = await forumGuild('Unknown Thread Guild');
    await addKnowledge(guild.id, { title: 'Export data', content: 'Exports are made from the Data tab: choose Export and pick CSV or JSON.' });
    const post = await forumPost(guild.forum, 'Exports', 'How do I export my data?');
    await exactReplies(guild, post.message);

    // Forget the thread, as if its THREAD_CREATE had never arrived.
    await actorSql(guild.id, 'DELETE FROM threads WHERE thread_id = ?', post.thread.id);
    const before = (await calls({ method: 'GET', path: `/channels/${post.thread.id}` })).length;
    const followUp = await memberSays(guild, 'can I export as JSON?', { channelId: post.thread.id, userId: '200000000000012501', username: 'other' });
    const [reply] = await exactReplies(guild, followUp);
    expect((reply!.body as { content: string }).content).toContain('Exports are made from the Data tab');
    const lookups = (await calls({ method: 'GET', path: `/channels/${post.thread.id}` })).filter((call) => call.path === `/channels/${post.thread.id}`);
    expect(lookups.length - before).toBe(1);
    expect(await actorSql(guild.id, 'SELECT parent_id FROM threads WHERE thread_id = ?', post.thread.id)).toEqual([{ parent_id: guild.forum }]);
  });
});
