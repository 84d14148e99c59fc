// An admin whose role Herald has never been told about. The simulator gives a member added with
// `permissions` a generated role WITHOUT dispatching GUILD_ROLE_CREATE, so Herald's role table (from
// GUILD_CREATE, taken when the guild was created) lacks it; the member's message carries that unknown role
// id. Herald's rule is "when in doubt, do nothing" (Moderator.subject: "null (no action) when the guild's
// roles cannot be known"): an unknown role makes it refresh the guild (GET /guilds/:id, at most once per
// 10 s) and, if the role is still unknown, it must not act on a possible admin.
//
// The third case posts right after a refresh (inside the 10 s throttle, set on the actor rather than raced
// against the clock) with yet another unannounced admin role: Herald cannot refresh again, so the role stays
// unknown and it should do nothing. Each case stands alone.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInDurableObject } from 'cloudflare:test';
import {
  addSimMember,
  callsTo,
  createGuild,
  enableModeration,
  forceInboxRetry,
  guildActorStub,
  memberSays,
  messageDeletes,
  moderationLog,
  repliesTo,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type SimGuildInfo,
} from '../support';

const ADMIN = { userId: '200000000000003451', username: 'late-admin' };
const MANAGER = { userId: '200000000000003452', username: 'late-manager' };
const LATER = { userId: '200000000000003453', username: 'later-admin' };

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

/** Sets when the guild actor last refreshed the guild (its in-memory throttle; 0 = long ago). */
async function throttleRefresh(at: number): Promise<void> {
  await runInDurableObject(guildActorStub(guild.id), (instance) => {
    (instance as unknown as { moderator: { lastGuildFetch: number } }).moderator.lastGuildFetch = at;
  });
}

/** Posts a violating question as `admin`; expects no moderation (no log entry, no DELETE). */
async function expectNotActedOn(admin: { userId: string; username: string }): Promise<void> {
  const channelId = guild.channels[0]!.id;
  const message = await memberSays(guild, `<@${TEST_BOT.userId}> free nitro? how do refunds work?`, { ...admin, channelId });
  // Whatever Herald decides, it has decided once the moderation log has an entry or the answer is posted.
  await waitFor(
    async () => (await repliesTo(message.id)).length > 0 || (await moderationLog(guild.id)).some((entry) => entry.messageId === message.id),
    'Herald to answer or moderate the message',
  );
  await forceInboxRetry(guild.id);
  expect((await moderationLog(guild.id)).filter((entry) => entry.messageId === message.id)).toEqual([]);
  expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
}

describe('admins whose role was never announced', () => {
  it('an Administrator is not acted on (Herald refreshes the guild)', async () => {
    await throttleRefresh(0);
    const before = (await callsTo('GET', `/guilds/${guild.id}`)).length;
    await expectNotActedOn(ADMIN);
    expect((await callsTo('GET', `/guilds/${guild.id}`)).length).toBe(before + 1);
  });

  it('a member with Manage Guild is not acted on', async () => {
    await expectNotActedOn(MANAGER);
  });

  it('an Administrator whose role appears right after a refresh is not acted on either', async () => {
    await addSimMember(guild.id, { id: LATER.userId, username: LATER.username, permissions: '8' });
    // A refresh "just happened": Herald may not refresh again, so the new role stays unknown.
    await throttleRefresh(Date.now());
    const before = (await callsTo('GET', `/guilds/${guild.id}`)).length;
    await expectNotActedOn(LATER);
    expect(await callsTo('GET', `/guilds/${guild.id}`)).toHaveLength(before);
  });
});
