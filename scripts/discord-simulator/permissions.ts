// Discord's permission model as far as a support and moderation bot meets it: role permissions, Administrator,
// the owner, channel overwrites (@everyone, then roles, then the member) and the role hierarchy.
import { PermissionFlagsBits } from './discord-enums.js';
import type { APIGuildMember, APIOverwrite } from 'discord-api-types/v10';
import type { SimChannel, SimGuild } from './types.js';

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);
const ROLE_OVERWRITE = 0;
const MEMBER_OVERWRITE = 1;

/** Guild-level permissions: @everyone plus the member's roles; the owner and Administrator have all. */
export function memberPermissions(guild: SimGuild, member: APIGuildMember): bigint {
  if (member.user.id === guild.ownerId) return ALL_PERMISSIONS;
  let perms = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || member.roles.includes(role.id)) perms |= BigInt(role.permissions);
  }
  return perms & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : perms;
}

/** Permissions in one channel, overwrites applied in Discord's order. DM channels allow what a DM allows. */
export function channelPermissions(guild: SimGuild, channel: SimChannel, member: APIGuildMember): bigint {
  const base = memberPermissions(guild, member);
  if (base === ALL_PERMISSIONS) return base;
  const overwrites: APIOverwrite[] = 'permission_overwrites' in channel.channel ? (channel.channel.permission_overwrites ?? []) : [];
  let perms = base;
  const everyone = overwrites.find((o) => o.type === ROLE_OVERWRITE && o.id === guild.id);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let deny = 0n;
  let allow = 0n;
  for (const o of overwrites) {
    if (o.type === ROLE_OVERWRITE && o.id !== guild.id && member.roles.includes(o.id)) {
      deny |= BigInt(o.deny);
      allow |= BigInt(o.allow);
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === MEMBER_OVERWRITE && o.id === member.user.id);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
  // Without View Channel nothing else in the channel applies.
  return perms & PermissionFlagsBits.ViewChannel ? perms : 0n;
}

/** Position of the member's highest role (@everyone is 0). */
export function highestRolePosition(guild: SimGuild, member: APIGuildMember): number {
  let top = 0;
  for (const role of guild.roles) if (member.roles.includes(role.id)) top = Math.max(top, role.position);
  return top;
}

/**
 * Why `actor` may not act on `target` (kick, ban, timeout), or null: the owner is untouchable, the owner may
 * act on anyone, and otherwise the actor's highest role must be strictly above the target's.
 */
export function hierarchyRefusal(guild: SimGuild, actor: APIGuildMember, target: APIGuildMember): string | null {
  if (target.user.id === guild.ownerId) return 'the target owns the guild';
  if (actor.user.id === target.user.id) return 'a member cannot moderate itself';
  if (actor.user.id === guild.ownerId) return null;
  if (highestRolePosition(guild, actor) <= highestRolePosition(guild, target)) return "the target's highest role is not below the bot's";
  return null;
}
