// Discord's own refusals, not injected faults: the simulator answers 50013 when the bot's highest role is not
// above the member's, or when a channel overwrite takes Manage Messages from the bot. Herald logs Discord's
// answer as the outcome, leaves the member in the guild, and does not retry.

import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsTo,
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  sim,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const SENIOR = { userId: '200000000000003701', username: 'senior-member' };
const POSTER = { userId: '200000000000003702', username: 'poster-member' };

interface SimRole {
  id: string;
  position: number;
  tags?: { bot_id?: string };
}

let guild: SimGuildInfo;
let botRole: SimRole;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Hierarchy Guild', ['general', 'guarded']);
  await enableModeration(guild.id, { rules: 'banned words: kickworthy => kick\nbanned words: spamword', actions: { delete: true, kick: true } });
  const roles = (await sim<{ roles: SimRole[] }>(`/_sim/guilds/${guild.id}`)).roles;
  botRole = roles.find((role) => role.tags?.bot_id === TEST_BOT.userId)!;
});
afterAll(stopGateway);

describe("Discord's permission and hierarchy checks on moderation", () => {
  it("refuses to kick a member whose role is above the bot's: logged as Discord's answer, member stays", async () => {
    const senior = await sim<SimRole>(`/_sim/guilds/${guild.id}/roles`, { body: { name: 'senior', position: botRole.position + 1 } });
    await sim(`/_sim/guilds/${guild.id}/members`, { body: { id: SENIOR.userId, username: SENIOR.username, roles: [senior.id] } });

    const message = await memberSays(guild, 'this is kickworthy', SENIOR);
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry.action).toBe('kick');
    expect(entry.outcome).toContain('50013');

    const kicks = await callsTo('DELETE', `/guilds/${guild.id}/members/${SENIOR.userId}`);
    expect(kicks.map((call) => call.status)).toEqual([403]);
    const members = (await sim<{ members: { user: { id: string } }[] }>(`/_sim/guilds/${guild.id}`)).members;
    expect(members.some((member) => member.user.id === SENIOR.userId)).toBe(true);
  });

  it('refuses to delete in a channel where an overwrite takes Manage Messages from the bot', async () => {
    const guarded = guild.channels[1]!.id;
    await sim(`/_sim/channels/${guarded}/overwrites/${botRole.id}`, {
      method: 'PUT',
      body: { type: 0, deny: PermissionFlagsBits.ManageMessages.toString() },
    });
    const message = await memberSays(guild, 'spamword here', { ...POSTER, channelId: guarded });
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry.action).toBe('delete');
    expect(entry.outcome).toContain('50013');
    expect((await messageDeletes(guarded, message.id)).map((call) => call.status)).toEqual([403]);
  });
});
