// A moderated message is kept out of the conversation context: a deleted question to the bot leaves no turn
// (the member is not listed in GET /conversations) and is not in the channel buffer either; the member's
// next, clean question starts the conversation with exactly its own two turns.

import { env, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildActor } from '../../../src/actors/guild-actor';
import {
  conversations,
  createGuild,
  enableModeration,
  expectNothingPostedAfter,
  memberSays,
  patchSettings,
  repliesTo,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000004101', username: 'member-context' };

let guild: SimGuildInfo;

async function bufferedMessageIds(guildId: string): Promise<(string | null)[]> {
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  return runInDurableObject(actor, (_instance: GuildActor, state) =>
    state.storage.sql.exec<{ message_id: string | null }>('SELECT message_id FROM channel_buffer').toArray().map((row) => row.message_id),
  );
}

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Context Guild');
  // Channel awareness ("all" mode) keeps a channel buffer: the deleted message must not land there either.
  await patchSettings(guild.id, { responseMode: 'all', channelAwareness: true });
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(stopGateway);

describe('moderated messages and the conversation context', () => {
  it('a deleted question leaves no turn and no channel-buffer line', async () => {
    const spam = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, MEMBER);
    await waitForModerationEntry(guild.id, spam.id);

    expect((await conversations(guild.id)).filter((c) => c.userId === MEMBER.userId)).toEqual([]);
    expect(await bufferedMessageIds(guild.id)).not.toContain(spam.id);

    // The next question is the member's first turn pair.
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await settledReplies(question.id)).toHaveLength(1);
    await expectNothingPostedAfter(guild, spam, { until: question });
    expect(await repliesTo(spam.id)).toHaveLength(0);
    const mine = (await conversations(guild.id)).filter((c) => c.userId === MEMBER.userId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.turns).toBe(2);
    const buffered = await bufferedMessageIds(guild.id);
    expect(buffered).toContain(question.id);
    expect(buffered).not.toContain(spam.id);
  });
});
