// What a signed-in dashboard user may do (contract §7): `admin` of a guild they own or where they have
// Administrator or Manage Server, `agent` of a guild where they hold one of the guild's `agentRoleIds` (asked of
// Discord with the bot's token by the guild's actor), nothing elsewhere. Also the `GET /api/me` view for every
// kind of principal.

import type { Principal } from '../api/auth';
import { SHARED_APP, shardStub } from '../gateway/control';
import { shardForGuild } from '../gateway/protocol';
import { isGuildAdmin } from './session';
import type { SignedInUser } from './sign-in';

export type DashboardRole = 'admin' | 'agent';

export interface MeView {
  user?: { id: string; username: string };
  guilds: { id: string; name: string; role: DashboardRole; installed: boolean }[];
}

function guildActor(env: Env, guildId: string) {
  return env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
}

/** The user's role in `guildId`, or null (not a member there, or neither admin nor agent). */
export async function userRoleIn(env: Env, user: SignedInUser, guildId: string): Promise<DashboardRole | null> {
  const grant = user.guilds.find((g) => g.id === guildId);
  if (!grant) return null;
  if (isGuildAdmin(grant)) return 'admin';
  // Only a guild where Herald runs can have agent roles; asking its actor elsewhere would create one.
  if (!(await installedGuilds(env, [guildId])).has(guildId)) return null;
  return (await guildActor(env, guildId).isAgent(user.userId)) ? 'agent' : null;
}

/** Which of `guildIds` the shared bot is connected to (its gateway shards know), with their names. */
export async function installedGuilds(env: Env, guildIds?: string[]): Promise<Map<string, string | null>> {
  const shardCount = Math.max(1, (await shardStub(env, SHARED_APP, 0).status()).shardCount);
  const byShard = new Map<number, string[] | undefined>();
  if (guildIds) {
    for (const id of guildIds) {
      if (!/^\d{15,21}$/.test(id)) continue;
      const shard = shardForGuild(id, shardCount);
      byShard.set(shard, [...(byShard.get(shard) ?? []), id]);
    }
  } else {
    for (let shard = 0; shard < shardCount; shard++) byShard.set(shard, undefined);
  }
  const found = new Map<string, string | null>();
  await Promise.all(
    [...byShard].map(async ([shard, ids]) => {
      for (const guild of await shardStub(env, SHARED_APP, shard).connectedGuilds(ids)) found.set(guild.id, guild.name);
    }),
  );
  return found;
}

export async function meView(env: Env, principal: Principal): Promise<MeView> {
  if (principal.kind === 'operator') {
    const installed = await installedGuilds(env);
    return { guilds: [...installed].map(([id, name]) => ({ id, name: name ?? id, role: 'admin', installed: true })) };
  }
  if (principal.kind === 'guild') {
    const installed = await installedGuilds(env, [principal.guildId]);
    const name = installed.get(principal.guildId) ?? principal.guildId;
    return { guilds: [{ id: principal.guildId, name, role: principal.role, installed: installed.has(principal.guildId) }] };
  }
  if (principal.kind === 'ticket') return { guilds: [] };
  const installed = await installedGuilds(env, principal.guilds.map((g) => g.id));
  const guilds: MeView['guilds'] = [];
  for (const grant of principal.guilds) {
    const isInstalled = installed.has(grant.id);
    if (isGuildAdmin(grant)) guilds.push({ id: grant.id, name: grant.name, role: 'admin', installed: isInstalled });
    else if (isInstalled && (await guildActor(env, grant.id).isAgent(principal.userId))) {
      guilds.push({ id: grant.id, name: grant.name, role: 'agent', installed: true });
    }
  }
  return { user: { id: principal.userId, username: principal.username }, guilds };
}
