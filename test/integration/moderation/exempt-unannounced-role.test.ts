// An admin whose role Herald has never been told about. The simulator gives a member added with
// `permissions` a generated role WITHOUT dispatching GUILD_ROLE_CREATE, so Herald's role table (from
// GUILD_CREATE, taken when the guild was created) lacks it. The member's message carries that unknown
// role id. Herald's own rule is "when in doubt, do nothing" (Moderator.subject: "null (no action) when the
// guild's roles cannot be known"), so an unknown role should make it refetch the guild (GET /guilds/:id,
// which it already does when it knows nothing) or not act — never act on a possible admin.
// Expected to FAIL at the time of writing: the Administrator's message is deleted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSimMember,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  moderationLog,
  repliesTo,
  settle,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type SimGuildInfo,
} from '../support';

const ADMIN = { userId: '200000000000003451', username: 'late-admin' };
const MANAGER = { userId: '200000000000003452', username: 'late-manager' };

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Unannounced Role Guild');
  // Added after GUILD_CREATE: their generated roles are never announced to the bot.
  await addSimMember(guild.id, { id: ADMIN.userId, username: ADMIN.username, permissions: '8' });
  await addSimMember(guild.id, { id: MANAGER.userId, username: MANAGER.username, permissions: '32' });
  await enableModeration(guild.id, { rules: 'banned words: free nitro' });
});
afterAll(stopGateway);

describe('admins whose role was never announced', () => {
  for (const admin of [ADMIN, MANAGER]) {
    it(`${admin.username} (${admin === ADMIN ? 'Administrator' : 'Manage Guild'}) is not acted on`, async () => {
      const channelId = guild.channels[0]!.id;
      const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, { ...admin, channelId });
      // Whatever Herald decides, it has decided once the moderation log has an entry or the answer is posted.
      await waitFor(
        async () => (await repliesTo(message.id)).length > 0 || (await moderationLog(guild.id)).some((entry) => entry.messageId === message.id),
        'Herald to answer or moderate the message',
      );
      await settle();
      expect((await moderationLog(guild.id)).filter((entry) => entry.messageId === message.id)).toEqual([]);
      expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
    });
  }
});
