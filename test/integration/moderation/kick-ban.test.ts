// Kick and ban: rule lines ending "=> kick" / "=> ban", with those actions enabled, remove the member
// (DELETE /guilds/:g/members/:u) or ban them (PUT /guilds/:g/bans/:u), each with an audit-log reason, and
// log the decision. Delete is enabled too (the default), so the offending message is also removed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  moderationLog,
  sim,
  simGuildBans,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
  type TimedCall,
} from '../support';

const KICKED = { userId: '200000000000003201', username: 'kicked-member' };
const BANNED = { userId: '200000000000003202', username: 'banned-member' };
const KICK_RULE = 'banned words: kickworthy => kick';
const BAN_RULE = 'banned phrases: "buy followers" => ban';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Kick Ban Guild');
  await enableModeration(guild.id, { rules: `${KICK_RULE}\n${BAN_RULE}`, actions: { kick: true, ban: true } });
});
afterAll(stopGateway);

async function waitForCall(method: string, path: string): Promise<TimedCall> {
  const [call] = await waitFor(async () => {
    const found = await callsTo(method, path);
    return found.length ? found : null;
  }, `${method} ${path}`);
  return call!;
}

function auditReason(call: TimedCall): string {
  return decodeURIComponent(call.headers['x-audit-log-reason'] ?? '');
}

describe('kick and ban', () => {
  it('kicks the member with an audit-log reason and logs it', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'this is kickworthy stuff', KICKED);

    const kick = await waitForCall('DELETE', `/guilds/${guild.id}/members/${KICKED.userId}`);
    expect(kick.status).toBe(204);
    expect(auditReason(kick)).toContain(KICK_RULE);

    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'kick', rule: KICK_RULE, userId: KICKED.userId, channelId, messageId: message.id, outcome: 'done' });
    // Delete is enabled as well, so the message goes too.
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length > 0, 'the DELETE of the kicked member\'s message');
    expect((await moderationLog(guild.id)).find((e) => e.messageId === message.id)?.alsoDeleted).toBe(true);
    const members = (await sim<{ members: { user: { id: string } }[] }>(`/_sim/guilds/${guild.id}`)).members.map((m) => m.user.id);
    expect(members).not.toContain(KICKED.userId);
  });

  it('bans the member with an audit-log reason and logs it', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'DM me to Buy   Followers cheap', BANNED);

    const ban = await waitForCall('PUT', `/guilds/${guild.id}/bans/${BANNED.userId}`);
    expect(ban.status).toBe(204);
    expect(auditReason(ban)).toContain(BAN_RULE);

    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'ban', rule: BAN_RULE, userId: BANNED.userId, channelId, messageId: message.id, outcome: 'done' });
    expect(await simGuildBans(guild.id)).toContain(BANNED.userId);
    // The kick never turned into a ban, nor the ban into a kick.
    expect(await callsTo('PUT', `/guilds/${guild.id}/bans/${KICKED.userId}`)).toHaveLength(0);
    expect(await callsTo('DELETE', `/guilds/${guild.id}/members/${BANNED.userId}`)).toHaveLength(0);
  });
});
