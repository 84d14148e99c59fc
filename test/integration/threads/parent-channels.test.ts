// The parent channel's settings apply to its threads: `channels` decides whether Herald answers in a thread
// (the event carries the thread's id), and a moderation exemption of the parent covers its threads.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  createGuild,
  enableModeration,
  exactReplies,
  expectNothingPostedAfter,
  handledByGuild,
  memberSays,
  moderationLog,
  patchSettings,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
} from '../support';
import { memberStartsThread } from './support';

describe("a thread follows its parent channel's settings", () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('answers in threads of a listed channel only', async () => {
    const guild = await createGuild('Thread Channels Guild', ['support', 'offtopic']);
    const [support, offtopic] = [guild.channels[0]!.id, guild.channels[1]!.id];
    await addKnowledge(guild.id, { title: 'Opening hours', content: 'The support desk is open from 9:00 to 17:00, Monday to Friday.' });
    await patchSettings(guild.id, { channels: [support] });
    const inSupport = await memberStartsThread(support, 'Hours question');
    const inOfftopic = await memberStartsThread(offtopic, 'Hours question');

    const ignored = await memberSays(guild, `<@${TEST_BOT.userId}> when is the support desk open?`, { channelId: inOfftopic.id });
    const answered = await memberSays(guild, `<@${TEST_BOT.userId}> when is the support desk open?`, { channelId: inSupport.id });
    const [reply] = await exactReplies(guild, answered);
    expect((reply!.body as { content: string }).content).toContain('9:00 to 17:00');
    await handledByGuild(guild, [ignored]);
    await expectNothingPostedAfter(guild, ignored);
  });

  it("exempts a thread from moderation when its parent is exempt", async () => {
    const guild = await createGuild('Thread Exempt Guild', ['general', 'memes']);
    const [general, memes] = [guild.channels[0]!.id, guild.channels[1]!.id];
    await enableModeration(guild.id, { rules: 'Banned words: bananas', actions: { delete: true }, exemptChannelIds: [memes] });
    const exemptThread = await memberStartsThread(memes, 'fruit');
    const watchedThread = await memberStartsThread(general, 'fruit');

    const free = await memberSays(guild, 'I love bananas', { channelId: exemptThread.id, userId: '200000000000012301' });
    const caught = await memberSays(guild, 'I love bananas', { channelId: watchedThread.id, userId: '200000000000012302' });
    await handledByGuild(guild, [free, caught]);
    const log = await moderationLog(guild.id);
    expect(log.map((entry) => entry.messageId)).toEqual([caught.id]);
    expect(log[0]).toMatchObject({ channelId: watchedThread.id, action: 'delete' });
  });
});
