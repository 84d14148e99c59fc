// autoThread: a question in a text channel is answered inside a new thread started from it, named after the
// question; the thread is then one conversation, so a follow-up there needs no mention and keeps the memory.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, calls, createGuild, exactReplies, memberSays, patchSettings, startGatewayAndWait, stopGateway, TEST_BOT } from '../support';
import { firstPostIn, postedIn } from './support';

describe('autoThread', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers in a new thread named after the question, and follows up there without a mention', async () => {
    const guild = await createGuild('Auto Thread Guild');
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password. A link arrives by email.' });
    await patchSettings(guild.id, { autoThread: true });
    const general = guild.channels[0]!.id;

    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do I reset my password?`, { userId: '200000000000012101', username: 'asker' });
    // Discord gives a thread started from a message that message's id.
    const answer = await firstPostIn(question.id);
    expect(answer.content).toContain('choose Security and press Reset password');
    const [start] = (await calls({ method: 'POST', path: `/channels/${general}/messages/${question.id}/threads` })).filter((c) => c.status === 201);
    expect(start!.body).toMatchObject({ name: 'how do I reset my password?' });
    // Nothing was posted in the channel itself.
    expect(await postedIn(general)).toHaveLength(0);

    const followUp = await memberSays(guild, 'does the reset link expire?', { channelId: question.id, userId: '200000000000012101', username: 'asker' });
    const [reply] = await exactReplies(guild, followUp);
    expect(reply!.path).toBe(`/channels/${question.id}/messages`);
    expect((reply!.body as { content: string }).content).toContain('Password reset');
    expect(await postedIn(general)).toHaveLength(0);
  });
});
