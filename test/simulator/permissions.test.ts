// Permissions as Discord checks them: the bot needs the permission for delete, timeout, kick and ban (50013),
// must outrank the member, and channel overwrites decide whether it can see (50001) and send (50013).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

interface ApiError {
  code: number;
}

describe('permissions and role hierarchy', () => {
  let sim: DiscordSimulator;
  const api = <T = ApiError>(path: string, init: { method?: string; body?: unknown } = {}) => json<T>(`${sim.apiBase}${path}`, { token: DEFAULT_BOT.token, ...init });

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000, rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterAll(() => sim.close());

  /** A guild, the bot's managed role, and a member. */
  function setup(name: string) {
    const guild: GuildSnapshot = sim.addGuild({ name });
    const botRole = sim.state().guilds.find((g) => g.id === guild.id)!.roles.find((r) => r.tags?.bot_id === DEFAULT_BOT.userId)!;
    const member = sim.addMember(guild.id, { username: `${name}-member` });
    return { guild, botRole, member, channelId: guild.channels[0]!.id };
  }
  const without = (permissions: string, flag: bigint) => (BigInt(permissions) & ~flag).toString();

  it('places new roles below the bot, so members are moderatable by default', async () => {
    const { guild, member } = setup('default-order');
    const helper = sim.addRole(guild.id, { name: 'helper' });
    sim.addMember(guild.id, { id: member.user.id, username: 'x', roles: [helper.id] });
    expect(helper.position).toBe(1);
    const until = new Date(Date.now() + 60_000).toISOString();
    expect((await api(`/guilds/${guild.id}/members/${member.user.id}`, { method: 'PATCH', body: { communication_disabled_until: until } })).status).toBe(200);
    expect((await api(`/guilds/${guild.id}/members/${member.user.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it.each([
    ['timeout', PermissionFlagsBits.ModerateMembers],
    ['kick', PermissionFlagsBits.KickMembers],
    ['ban', PermissionFlagsBits.BanMembers],
  ])('refuses %s with 50013 when the bot lacks the permission', async (action, flag) => {
    const { guild, botRole, member } = setup(`no-${action}`);
    sim.editRole(guild.id, botRole.id, { permissions: without(botRole.permissions, flag) });
    const path = action === 'ban' ? `/guilds/${guild.id}/bans/${member.user.id}` : `/guilds/${guild.id}/members/${member.user.id}`;
    const init =
      action === 'timeout'
        ? { method: 'PATCH', body: { communication_disabled_until: new Date(Date.now() + 60_000).toISOString() } }
        : action === 'kick'
          ? { method: 'DELETE' }
          : { method: 'PUT', body: {} };
    const refused = await api(path, init);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(50013);
    expect(sim.state().guilds.find((g) => g.id === guild.id)!.members.some((m) => m.user.id === member.user.id)).toBe(true);
  });

  it('refuses timeout, kick and ban of a member whose highest role is not below the bot\'s', async () => {
    const { guild, botRole, member } = setup('hierarchy');
    const senior = sim.addRole(guild.id, { name: 'senior mod', position: botRole.position + 1 });
    sim.addMember(guild.id, { id: member.user.id, username: 'x', roles: [senior.id] });
    const until = new Date(Date.now() + 60_000).toISOString();
    const uid = member.user.id;
    expect((await api(`/guilds/${guild.id}/members/${uid}`, { method: 'PATCH', body: { communication_disabled_until: until } })).body.code).toBe(50013);
    expect((await api(`/guilds/${guild.id}/members/${uid}`, { method: 'DELETE' })).body.code).toBe(50013);
    expect((await api(`/guilds/${guild.id}/bans/${uid}`, { method: 'PUT', body: {} })).body.code).toBe(50013);
    sim.editRole(guild.id, senior.id, { position: 1 });
    // A member below the bot is fine again.
    expect((await api(`/guilds/${guild.id}/members/${uid}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses to time out an administrator', async () => {
    const { guild, member } = setup('admin-timeout');
    const admin = sim.addRole(guild.id, { name: 'admins', permissions: PermissionFlagsBits.Administrator.toString() });
    sim.addMember(guild.id, { id: member.user.id, username: 'x', roles: [admin.id] });
    const until = new Date(Date.now() + 60_000).toISOString();
    expect((await api(`/guilds/${guild.id}/members/${member.user.id}`, { method: 'PATCH', body: { communication_disabled_until: until } })).body.code).toBe(50013);
  });

  it("needs Manage Messages to delete someone else's message, not its own", async () => {
    const { guild, botRole, channelId } = setup('delete');
    const theirs = sim.memberSays({ guildId: guild.id, channelId, author: { username: 'gus' }, content: 'spam' });
    const mine = await api<{ id: string }>(`/channels/${channelId}/messages`, { body: { content: 'mine' } });
    sim.editRole(guild.id, botRole.id, { permissions: without(botRole.permissions, PermissionFlagsBits.ManageMessages) });
    const refused = await api(`/channels/${channelId}/messages/${theirs.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(50013);
    expect((await api(`/channels/${channelId}/messages/${mine.body.id}`, { method: 'DELETE' })).status).toBe(204);
    // A channel overwrite can grant it back.
    sim.setOverwrite(channelId, botRole.id, { type: 0, allow: PermissionFlagsBits.ManageMessages.toString() });
    expect((await api(`/channels/${channelId}/messages/${theirs.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('follows channel overwrites for viewing and sending', async () => {
    const { guild, botRole, channelId } = setup('overwrites');
    const member = sim.memberSays({ guildId: guild.id, channelId, author: { username: 'hal' }, content: 'hello?' });
    // @everyone may not send; the bot's role is not allowed either.
    sim.setOverwrite(channelId, guild.id, { type: 0, deny: PermissionFlagsBits.SendMessages.toString() });
    const mute = await api(`/channels/${channelId}/messages`, { body: { content: 'hi' } });
    expect(mute.status).toBe(403);
    expect(mute.body.code).toBe(50013);
    sim.setOverwrite(channelId, DEFAULT_BOT.userId, { type: 1, allow: PermissionFlagsBits.SendMessages.toString() });
    expect((await api(`/channels/${channelId}/messages`, { body: { content: 'hi' } })).status).toBe(200);
    // Without Read Message History a reply is refused (160002).
    sim.setOverwrite(channelId, botRole.id, { type: 0, deny: PermissionFlagsBits.ReadMessageHistory.toString() });
    const reply = await api(`/channels/${channelId}/messages`, { body: { content: 'hi', message_reference: { message_id: member.id } } });
    expect(reply.body.code).toBe(160002);
    // Without View Channel the channel does not exist for the bot (50001), and its messages never reach it.
    sim.setOverwrite(channelId, botRole.id, { type: 0, deny: PermissionFlagsBits.ViewChannel.toString() });
    const hidden = await api(`/channels/${channelId}/messages`, { body: { content: 'hi' } });
    expect(hidden.status).toBe(403);
    expect(hidden.body.code).toBe(50001);
    expect((await api(`/channels/${channelId}/messages`)).body.code).toBe(50001);
    sim.setOverwrite(channelId, botRole.id, null);
    expect((await api(`/channels/${channelId}/messages`, { body: { content: 'visible again' } })).status).toBe(200);
  });

  it('validates the control routes', async () => {
    const { guild, botRole, channelId } = setup('control');
    expect((await json<{ error: string }>(`${sim.url}/_sim/guilds/${guild.id}/roles/${botRole.id}`, { method: 'PATCH', body: { position: 0 } })).status).toBe(400);
    expect((await json(`${sim.url}/_sim/guilds/${guild.id}/roles/1`, { method: 'PATCH', body: { position: 2 } })).status).toBe(404);
    expect((await json(`${sim.url}/_sim/channels/${channelId}/overwrites/${guild.id}`, { method: 'PUT', body: { type: 3 } })).status).toBe(400);
    expect((await json(`${sim.url}/_sim/channels/${channelId}/overwrites/${guild.id}`, { method: 'PUT', body: { type: 0, deny: 'x' } })).status).toBe(400);
    expect((await json(`${sim.url}/_sim/channels/${channelId}/overwrites/${guild.id}`, { method: 'PUT', body: { type: 0, deny: '2048' } })).status).toBe(200);
    expect((await json(`${sim.url}/_sim/channels/${channelId}/overwrites/${guild.id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
