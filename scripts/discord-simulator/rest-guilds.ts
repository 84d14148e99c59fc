// REST: /guilds/* (guild, channels, roles, members, timeouts, kicks, bans).
import { ChannelType, PermissionFlagsBits } from './discord-enums.js';
import { hierarchyRefusal, memberPermissions } from './permissions.js';
import {
  announceBan,
  announceMemberRemove,
  announceMemberUpdate,
  deleteMessages,
  type SimContext,
} from './context.js';
import { Errors } from './http-util.js';
import { guildObject } from './payloads.js';
import { auditReason, guildFor, jsonBody, noContent, ok, param, requireBot, restRoute, type RestRequest, type RestRoute } from './rest-common.js';
import type { SimGuild } from './types.js';

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;
const MAX_DELETE_SECONDS = 7 * 24 * 60 * 60;

function memberFor(ctx: SimContext, req: RestRequest) {
  const guild = guildFor(ctx, req);
  const member = guild.members.get(param(req, 'uid'));
  if (!member) throw Errors.unknownMember();
  return { guild, member };
}

/**
 * 50013 unless the bot holds `permission` and, when the user is a member, outranks them: the owner and the
 * bot itself are never moderated, and the bot's highest role must be strictly above the member's.
 */
function assertCanModerate(req: RestRequest, guild: SimGuild, userId: string, permission: bigint): void {
  const bot = guild.members.get(requireBot(req).userId);
  if (!bot || (memberPermissions(guild, bot) & permission) !== permission) throw Errors.missingPermissions();
  if (userId === guild.ownerId || userId === bot.user.id) throw Errors.missingPermissions();
  const target = guild.members.get(userId);
  if (target && hierarchyRefusal(guild, bot, target) !== null) throw Errors.missingPermissions();
}

function getGuild(ctx: SimContext, req: RestRequest) {
  const guild = guildFor(ctx, req);
  const body = guildObject(ctx.store, guild);
  if (req.query.get('with_counts') === 'true') {
    body.approximate_member_count = guild.members.size;
    body.approximate_presence_count = 0;
  }
  return ok(body);
}

function listMembers(ctx: SimContext, req: RestRequest) {
  const guild = guildFor(ctx, req);
  const limit = Math.min(1000, Math.max(1, Number(req.query.get('limit') ?? 1)));
  const after = BigInt(req.query.get('after') ?? '0');
  const members = [...guild.members.values()]
    .filter((m) => BigInt(m.user.id) > after)
    .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1));
  return ok(members.slice(0, limit));
}

function modifyMember(ctx: SimContext, req: RestRequest) {
  const { guild, member } = memberFor(ctx, req);
  const body = jsonBody(req);
  if ('communication_disabled_until' in body) {
    const until = body.communication_disabled_until;
    if (until !== null) {
      const at = typeof until === 'string' ? Date.parse(until) : NaN;
      if (Number.isNaN(at) || at - Date.now() > MAX_TIMEOUT_MS) {
        throw Errors.invalidForm('communication_disabled_until', 'BASE_TYPE_BAD_TIME', 'Invalid communication disabled timestamp');
      }
    }
    assertCanModerate(req, guild, member.user.id, PermissionFlagsBits.ModerateMembers);
    // Administrators cannot be timed out.
    if (until !== null && (memberPermissions(guild, member) & PermissionFlagsBits.Administrator) !== 0n) throw Errors.missingPermissions();
    member.communication_disabled_until = until === null ? null : new Date(String(until)).toISOString();
  }
  if ('nick' in body) {
    if (body.nick !== null && (typeof body.nick !== 'string' || body.nick.length > 32)) {
      throw Errors.invalidForm('nick', 'BASE_TYPE_MAX_LENGTH', 'Must be 32 or fewer in length.');
    }
    member.nick = body.nick === '' ? null : body.nick;
  }
  if ('roles' in body) {
    const roles = body.roles;
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string' || !guild.roles.some((g) => g.id === r))) {
      throw Errors.invalidForm('roles', 'INVALID_ROLE', 'Invalid role');
    }
    member.roles = roles as string[];
  }
  announceMemberUpdate(ctx, guild, member);
  return ok(member);
}

function kick(ctx: SimContext, req: RestRequest) {
  const { guild, member } = memberFor(ctx, req);
  assertCanModerate(req, guild, member.user.id, PermissionFlagsBits.KickMembers);
  guild.members.delete(member.user.id);
  announceMemberRemove(ctx, guild, member.user);
  return noContent;
}

function ban(ctx: SimContext, req: RestRequest) {
  const guild = guildFor(ctx, req);
  const userId = param(req, 'uid');
  assertCanModerate(req, guild, userId, PermissionFlagsBits.BanMembers);
  const body = jsonBody(req);
  const seconds = body.delete_message_seconds ?? (typeof body.delete_message_days === 'number' ? body.delete_message_days * 86400 : 0);
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_DELETE_SECONDS) {
    throw Errors.invalidForm('delete_message_seconds', 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${MAX_DELETE_SECONDS}.`);
  }
  const member = guild.members.get(userId);
  const user = member?.user ?? ctx.store.users.get(userId) ?? ctx.store.ensureUser(userId);
  // Banning an already-banned user is a no-op success on Discord.
  if (guild.bans.has(userId)) return noContent;
  const record = ctx.store.ban(guild, user, auditReason(req));
  if (member) {
    guild.members.delete(userId);
    announceMemberRemove(ctx, guild, user);
  }
  announceBan(ctx, guild, record, true);
  if (seconds > 0) {
    const since = Date.now() - seconds * 1000;
    for (const channelId of guild.channelIds) {
      const channel = ctx.store.channels.get(channelId);
      if (!channel) continue;
      const ids = channel.messages
        .filter((m) => m.message.author.id === userId && Date.parse(m.message.timestamp) >= since)
        .map((m) => m.message.id);
      if (ids.length > 0) deleteMessages(ctx, channel, ids);
    }
  }
  return noContent;
}

function unban(ctx: SimContext, req: RestRequest) {
  const guild = guildFor(ctx, req);
  const bot = guild.members.get(requireBot(req).userId);
  if (!bot || (memberPermissions(guild, bot) & PermissionFlagsBits.BanMembers) === 0n) throw Errors.missingPermissions();
  const record = guild.bans.get(param(req, 'uid'));
  if (!record) throw Errors.unknownBan();
  guild.bans.delete(record.user.id);
  announceBan(ctx, guild, record, false);
  return noContent;
}

export const guildRoutes: RestRoute[] = [
  restRoute('GET', '/guilds/:gid', getGuild),
  restRoute('GET', '/guilds/:gid/channels', (ctx, req) =>
    ok(ctx.store.guildChannels(guildFor(ctx, req)).filter((c) => c.type === ChannelType.GuildText)),
  ),
  restRoute('GET', '/guilds/:gid/roles', (ctx, req) => ok(guildFor(ctx, req).roles)),
  restRoute('GET', '/guilds/:gid/members', listMembers),
  restRoute('GET', '/guilds/:gid/members/:uid', (ctx, req) => ok(memberFor(ctx, req).member)),
  restRoute('PATCH', '/guilds/:gid/members/:uid', modifyMember),
  restRoute('DELETE', '/guilds/:gid/members/:uid', kick),
  restRoute('GET', '/guilds/:gid/bans', (ctx, req) => ok([...guildFor(ctx, req).bans.values()])),
  restRoute('GET', '/guilds/:gid/bans/:uid', (ctx, req) => {
    const record = guildFor(ctx, req).bans.get(param(req, 'uid'));
    if (!record) throw Errors.unknownBan();
    return ok(record);
  }),
  restRoute('PUT', '/guilds/:gid/bans/:uid', ban),
  restRoute('DELETE', '/guilds/:gid/bans/:uid', unban),
];
