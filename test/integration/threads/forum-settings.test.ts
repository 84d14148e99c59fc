// `forums` decides which forums' new posts Herald answers: `enabled: false` none, `channelIds` only those.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, exactReplies, expectNothingPostedAfter, handledByGuild, patchSettings, startGatewayAndWait, stopGateway } from '../support';
import { forumGuild, forumPost } from './support';

describe('forums setting', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers posts only in the listed forums, and none when disabled', async () => {
    const guild = await forumGuild('Forum Settings Guild', [{ name: 'ideas', type: 15 }]);
    const ideas = guild.channels[2]!.id;
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });
    await patchSettings(guild.id, { forums: { enabled: true, channelIds: [guild.forum] } });

    const skipped = await forumPost(ideas, 'Password reset', 'Where is it?');
    const answered = await forumPost(guild.forum, 'Password reset', 'Where is it?');
    const [answer] = await exactReplies(guild, answered.message);
    expect(answer!.path).toBe(`/channels/${answered.thread.id}/messages`);
    await handledByGuild(guild, [skipped.message]);
    await expectNothingPostedAfter(guild, skipped.message);

    await patchSettings(guild.id, { forums: { enabled: false } });
    const off = await forumPost(guild.forum, 'Password reset', 'Where is it?');
    await handledByGuild(guild, [off.message]);
    await expectNothingPostedAfter(guild, off.message);
  });
});
