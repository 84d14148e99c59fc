// Exemptions: members with an exempt role, admins (Administrator or Manage Guild) and the guild owner are
// never acted on; messages in an exempt channel are not checked at all (no moderation usage counted).
// Each exempt message mentions the bot, so its answer shows it went through untouched.
//
// How Herald learns permissions: the Administrator's generated role exists before the gateway connects, so
// it arrives with GUILD_CREATE; the Manage Guild role is created afterwards through the simulator's role
// route, so it arrives as GUILD_ROLE_CREATE. (A member added with `permissions` while the gateway is up gets
// a role nobody announces: see exempt-unannounced-role.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSimMember,
  addSimRole,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  moderationLog,
  settledReplies,
  simGuildOwnerId,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitForModerationEntry,
  type SimAuthor,
  type SimGuildInfo,
} from '../support';

const RULE = 'banned words: free nitro';
const TRUSTED = { userId: '200000000000003401', username: 'trusted-exempt' };
const ADMIN = { userId: '200000000000003402', username: 'admin-exempt' };
const MANAGER = { userId: '200000000000003403', username: 'manager-exempt' };
const REGULAR = { userId: '200000000000003404', username: 'regular-exempt' };

let guild: SimGuildInfo;
let trustedRoleId: string;

beforeAll(async () => {
  // The guild and its Administrator exist before this file's gateway session, so GUILD_CREATE carries them.
  await stopGateway();
  guild = await createGuild('Moderation Exempt Guild', ['general', 'off-topic']);
  await addSimMember(guild.id, { id: ADMIN.userId, username: ADMIN.username, permissions: '8' });
  await startGatewayAndWait();
  // Created while connected: announced with GUILD_ROLE_CREATE.
  trustedRoleId = (await addSimRole(guild.id, { name: 'Trusted' })).id;
  const managersRoleId = (await addSimRole(guild.id, { name: 'Managers', permissions: '32' })).id;
  await addSimMember(guild.id, { id: TRUSTED.userId, username: TRUSTED.username, roles: [trustedRoleId] });
  await addSimMember(guild.id, { id: MANAGER.userId, username: MANAGER.username, roles: [managersRoleId] });
  await enableModeration(guild.id, { rules: RULE, exemptRoleIds: [trustedRoleId], exemptChannelIds: [guild.channels[1]!.id] });
});
afterAll(stopGateway);

/** Posts a violating question as `author`; expects it answered, not deleted and not logged. */
async function expectUntouched(author: SimAuthor, channelId = guild.channels[0]!.id): Promise<void> {
  const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, { ...author, channelId });
  expect(await settledReplies(message.id), `the answer to ${author.username}`).toHaveLength(1);
  expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
  expect((await moderationLog(guild.id)).filter((entry) => entry.messageId === message.id)).toEqual([]);
}

describe('exemptions', () => {
  it('a member with an exempt role is not acted on', async () => {
    await expectUntouched(TRUSTED);
  });

  it('an Administrator is not acted on', async () => {
    await expectUntouched(ADMIN);
  });

  it('a member with Manage Guild is not acted on', async () => {
    await expectUntouched(MANAGER);
  });

  it('the guild owner is not acted on', async () => {
    const ownerId = await simGuildOwnerId(guild.id);
    await expectUntouched({ userId: ownerId, username: 'owner' });
  });

  it('a message in an exempt channel is not checked (moderation usage unchanged)', async () => {
    const before = await usageOf(guild.id);
    await expectUntouched(REGULAR, guild.channels[1]!.id);
    const after = await usageOf(guild.id);
    expect(after.byKind.moderation).toBe(before.byKind.moderation);
    expect(after.byKind.answer).toBe(before.byKind.answer + 1);
  });

  it('control: the same message from a regular member elsewhere is deleted', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, { ...REGULAR, channelId });
    expect(await waitForModerationEntry(guild.id, message.id)).toMatchObject({ action: 'delete', userId: REGULAR.userId, outcome: 'done' });
    expect(await messageDeletes(channelId, message.id)).toHaveLength(1);
  });
});
