// An action that is not enabled is never taken: a "=> ban" rule with only delete enabled falls back to
// delete (no ban call); with no action enabled nothing is done and nothing is logged.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  callsTo,
  createGuild,
  drainConversation,
  enableModeration,
  memberSays,
  messageDeletes,
  moderationLog,
  settledReplies,
  simGuildBans,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const FIRST = { userId: '200000000000003301', username: 'first-disabled' };
const SECOND = { userId: '200000000000003302', username: 'second-disabled' };
const RULE = 'banned words: scamcoin => ban';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Disabled Action Guild');
});
afterAll(stopGateway);

describe('actions that are not enabled', () => {
  it('a ban rule with only delete enabled deletes instead of banning', async () => {
    await enableModeration(guild.id, { rules: RULE, actions: { delete: true, warn: false, timeout: false, kick: false, ban: false } });
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'invest in scamcoin today', FIRST);

    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'delete', rule: RULE, userId: FIRST.userId, outcome: 'done' });
    await drainConversation(guild, FIRST, channelId);
    expect(await messageDeletes(channelId, message.id)).toHaveLength(1);
    expect((await calls({ method: 'PUT', path: `/guilds/${guild.id}/bans/` }))).toHaveLength(0);
    expect(await callsTo('DELETE', `/guilds/${guild.id}/members/${FIRST.userId}`)).toHaveLength(0);
    expect(await simGuildBans(guild.id)).not.toContain(FIRST.userId);
  });

  it('with no action enabled nothing is done, nothing is logged, and a question is answered', async () => {
    await enableModeration(guild.id, { rules: RULE, actions: { delete: false, warn: false, timeout: false, kick: false, ban: false } });
    const channelId = guild.channels[0]!.id;
    const logBefore = await moderationLog(guild.id);
    const postsBefore = (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).length;

    // It mentions the bot: not moderated, so it is answered like any question.
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> is scamcoin allowed? how do refunds work?`, SECOND);
    expect(await settledReplies(message.id)).toHaveLength(1);

    expect(await moderationLog(guild.id)).toEqual(logBefore);
    expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
    expect((await calls({ method: 'PUT', path: `/guilds/${guild.id}/bans/` }))).toHaveLength(0);
    expect(await callsTo('DELETE', `/guilds/${guild.id}/members/${SECOND.userId}`)).toHaveLength(0);
    expect(await callsTo('PATCH', `/guilds/${guild.id}/members/${SECOND.userId}`)).toHaveLength(0);
    // The only new post in the channel is the answer (no warning).
    const posts = (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).slice(postsBefore);
    expect(posts).toHaveLength(1);
  });
});
