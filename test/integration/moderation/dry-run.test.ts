// Dry run: the decision is logged with outcome "dry-run" but nothing is done on Discord (no delete, warn,
// timeout, kick or ban), and a message that mentions the bot is still answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  settledReplies,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003801', username: 'member-dryrun' };
const RULE = 'banned words: free nitro => ban';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Dry Run Guild');
  const moderation = await enableModeration(guild.id, {
    rules: RULE,
    dryRun: true,
    actions: { delete: true, warn: true, timeout: true, kick: true, ban: true },
  });
  expect(moderation.dryRun).toBe(true);
});
afterAll(stopGateway);

describe('dry run', () => {
  it('logs "dry-run", touches nothing on Discord, and still answers the mention', async () => {
    const channelId = guild.channels[0]!.id;
    const postsBefore = (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).length;
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, MEMBER);

    const replies = await settledReplies(message.id);
    expect(replies).toHaveLength(1);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'ban', rule: RULE, userId: MEMBER.userId, outcome: 'dry-run' });
    expect(entry.alsoDeleted).toBe(false);

    expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
    expect(await calls({ method: 'PUT', path: `/guilds/${guild.id}/bans/` })).toHaveLength(0);
    expect(await callsTo('DELETE', `/guilds/${guild.id}/members/${MEMBER.userId}`)).toHaveLength(0);
    expect(await callsTo('PATCH', `/guilds/${guild.id}/members/${MEMBER.userId}`)).toHaveLength(0);
    // The one new post in the channel is the answer, not a warning.
    const posts = (await calls({ method: 'POST', path: `/channels/${channelId}/messages` })).slice(postsBefore);
    expect(posts.map((call) => call.id)).toEqual(replies.map((call) => call.id));
  });
});
