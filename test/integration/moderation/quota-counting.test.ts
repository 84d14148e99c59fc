// Usage counting with moderation on: every checked member message counts one "moderation", every answer
// one "answer"; a deleted message is not also answered, so it adds no "answer". The bot's own replies are
// not checked.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGuild,
  enableModeration,
  expectNothingPostedAfter,
  memberSays,
  messageDeletes,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitForModerationEntry,
  type SimGuildInfo,
  type UsageJson,
} from '../support';

const MEMBER = { userId: '200000000000004001', username: 'member-quota' };

let guild: SimGuildInfo;

beforeAll(startGatewayAndWait);
// A fresh guild (and so a fresh quota) for each case: no case depends on what an earlier one counted.
beforeEach(async () => {
  guild = await createGuild('Moderation Quota Guild');
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(stopGateway);

function counts(usage: UsageJson) {
  return { moderation: usage.byKind.moderation, answer: usage.byKind.answer, used: usage.used };
}

describe('moderation and answers count toward the quota', () => {
  it('starts at zero', async () => {
    expect(counts(await usageOf(guild.id))).toEqual({ moderation: 0, answer: 0, used: 0 });
  });

  it('a clean question: one moderation check and one answer', async () => {
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await settledReplies(question.id)).toHaveLength(1);
    expect(counts(await usageOf(guild.id))).toEqual({ moderation: 1, answer: 1, used: 2 });
  });

  it('a clean message that is not a question to the bot: one moderation check only', async () => {
    await memberSays(guild, 'good morning everyone', MEMBER);
    // Same member and channel: handled in order, so once this is answered the chat line is counted.
    const marker = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await settledReplies(marker.id)).toHaveLength(1);
    expect(counts(await usageOf(guild.id))).toEqual({ moderation: 2, answer: 1, used: 3 });
  });

  it('a deleted message that mentions the bot: one moderation check, no answer', async () => {
    const channelId = guild.channels[0]!.id;
    const spam = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro, how do refunds work?`, MEMBER);
    await waitForModerationEntry(guild.id, spam.id);
    const marker = await memberSays(guild, `<@${TEST_BOT.userId}> and how long do refunds take?`, MEMBER);
    expect(await settledReplies(marker.id)).toHaveLength(1);

    expect(await messageDeletes(channelId, spam.id)).toHaveLength(1);
    await expectNothingPostedAfter(guild, spam, { until: marker });
    expect(counts(await usageOf(guild.id))).toEqual({ moderation: 2, answer: 1, used: 3 });
  });
});
