// In-memory world of the simulator: bots, users, guilds, channels, messages, interactions.
import { EventEmitter } from 'node:events';
import { ChannelType, OverwriteType, PermissionFlagsBits } from './discord-enums.js';
import type { APIBan, APIDMChannel, APIGuildForumChannel, APIGuildMember, APIRole, APITextChannel, APIThreadChannel, APIUser, GuildMemberFlags, RoleFlags } from 'discord-api-types/v10';
import { forumChannel } from './threads.js';
import { snowflake } from './snowflake.js';
import type {
  AddChannelInput,
  AddGuildInput,
  AddMemberInput,
  AddRoleInput,
  CommandStore,
  GuildSnapshot,
  SimBot,
  SimChannel,
  SimGuild,
  SimInteraction,
  StoreEventKind,
  StoredMessage,
} from './types.js';

const P = PermissionFlagsBits;
// Discord's default @everyone permissions include the thread ones.
const EVERYONE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AddReactions | P.EmbedLinks | P.AttachFiles | P.UseApplicationCommands | P.ChangeNickname |
  P.SendMessagesInThreads | P.CreatePublicThreads | P.CreatePrivateThreads;
// The managed role Discord creates for a bot on join: what Herald's install link grants for answering in
// channels and threads, and enough for a moderation bot to do its job.
const BOT_PERMISSIONS =
  EVERYONE_PERMISSIONS | P.ManageMessages | P.KickMembers | P.BanMembers | P.ModerateMembers | P.ManageRoles | P.MentionEveryone | P.ManageThreads;

/** Change notifications for SSE and long-polling control routes. */
export interface StoreEvent {
  kind: StoreEventKind;
  channelId: string;
  messageId: string;
}

export class SimStore {
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, SimGuild>();
  readonly channels = new Map<string, SimChannel>();
  readonly interactions = new Map<string, SimInteraction>();
  readonly commands: CommandStore = new Map();
  readonly events = new EventEmitter();
  /** Identify budget per bot token, as reported by session_start_limit. */
  readonly sessionStartRemaining = new Map<string, number>();
  /** session_start_limit resets a day after the simulator started. */
  readonly startedAt = Date.now();

  constructor(readonly bots: SimBot[]) {
    // Many SSE clients and waiters may listen at once.
    this.events.setMaxListeners(0);
    for (const bot of bots) {
      this.users.set(bot.userId, {
        id: bot.userId,
        username: bot.username,
        discriminator: '0',
        global_name: null,
        avatar: null,
        bot: true,
        verified: true,
        mfa_enabled: false,
      });
      this.sessionStartRemaining.set(bot.token, 1000);
    }
  }

  emit(event: StoreEvent): void {
    this.events.emit('change', event);
  }

  botByToken(token: string): SimBot | undefined {
    return this.bots.find((b) => b.token === token);
  }

  botByApp(applicationId: string): SimBot | undefined {
    return this.bots.find((b) => b.applicationId === applicationId);
  }

  botByUserId(userId: string): SimBot | undefined {
    return this.bots.find((b) => b.userId === userId);
  }

  ensureUser(id: string, username?: string, bot = false): APIUser {
    const existing = this.users.get(id);
    if (existing) return existing;
    const user: APIUser = {
      id,
      username: username ?? `user${id.slice(-4)}`,
      discriminator: '0',
      global_name: username ?? null,
      avatar: null,
      ...(bot ? { bot: true } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  addGuild(input: AddGuildInput): SimGuild {
    const id = input.id ?? snowflake();
    if (this.guilds.has(id)) throw new Error(`guild ${id} already exists`);
    const ownerId = input.ownerId ?? snowflake();
    const everyone = makeRole(id, '@everyone', EVERYONE_PERMISSIONS, 0);
    const guild: SimGuild = {
      id,
      name: input.name,
      ownerId,
      roles: [everyone],
      channelIds: [],
      members: new Map(),
      bans: new Map(),
      botAppIds: new Set(),
    };
    this.guilds.set(id, guild);
    this.addMember(id, { id: ownerId, username: this.users.get(ownerId)?.username ?? 'owner' });
    const channels = input.channels && input.channels.length > 0 ? input.channels : [{ name: 'general' }];
    for (const ch of channels) this.addChannel(id, ch);
    const botIds = input.bots ?? this.bots.map((b) => b.applicationId);
    for (const appId of botIds) this.addBotToGuild(guild, appId);
    return guild;
  }

  /** The bot leaves the guild (is kicked, or the guild is deleted for it): no longer a member, nor in READY. */
  removeBotFromGuild(guild: SimGuild, applicationId: string): void {
    const bot = this.botByApp(applicationId);
    if (!bot || !guild.botAppIds.delete(applicationId)) return;
    guild.members.delete(bot.userId);
  }

  addBotToGuild(guild: SimGuild, applicationId: string): void {
    const bot = this.botByApp(applicationId);
    if (!bot) throw new Error(`unknown bot application ${applicationId}`);
    guild.botAppIds.add(applicationId);
    // On top of every role so far, as Discord places an integration's role when it joins.
    const role = makeRole(snowflake(), bot.username, BOT_PERMISSIONS, Math.max(0, ...guild.roles.map((r) => r.position)) + 1);
    role.managed = true;
    role.tags = { bot_id: bot.userId };
    guild.roles.push(role);
    this.addMember(guild.id, { id: bot.userId, username: bot.username, roles: [role.id], bot: true });
  }

  addChannel(guildId: string, input: AddChannelInput): APITextChannel | APIGuildForumChannel {
    const guild = this.requireGuild(guildId);
    if (input.type === ChannelType.GuildForum) {
      const forum = forumChannel(guildId, input, guild.channelIds.length);
      guild.channelIds.push(forum.id);
      this.channels.set(forum.id, { channel: forum, guildId, messages: [] });
      return forum;
    }
    const channel: APITextChannel = {
      id: input.id ?? snowflake(),
      type: ChannelType.GuildText,
      guild_id: guildId,
      name: input.name,
      position: guild.channelIds.length,
      // A private channel denies VIEW_CHANNEL to @everyone (the role whose id is the guild's).
      permission_overwrites: input.private ? [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) }] : [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    };
    guild.channelIds.push(channel.id);
    this.channels.set(channel.id, { channel, guildId, messages: [] });
    return channel;
  }

  addRole(guildId: string, input: AddRoleInput): APIRole {
    const guild = this.requireGuild(guildId);
    const role = makeRole(input.id ?? snowflake(), input.name, BigInt(input.permissions ?? '0'), 1);
    this.placeRole(guild, role, input.position ?? 1);
    role.color = input.color ?? 0;
    role.colors.primary_color = role.color;
    role.mentionable = input.mentionable ?? false;
    guild.roles.push(role);
    return role;
  }

  /** Moves `role` to `position` (at least 1: @everyone stays 0), shifting the roles at and above it up one. */
  placeRole(guild: SimGuild, role: APIRole, position: number): void {
    const target = Math.max(1, Math.floor(position));
    for (const other of guild.roles) {
      if (other !== role && other.id !== guild.id && other.position >= target) other.position += 1;
    }
    role.position = target;
  }

  addMember(guildId: string, input: AddMemberInput): APIGuildMember {
    const guild = this.requireGuild(guildId);
    const id = input.id ?? snowflake();
    const user = this.ensureUser(id, input.username, input.bot ?? false);
    const roles = [...(input.roles ?? [])];
    if (input.permissions !== undefined) {
      // Discord derives permissions from roles, so grant them through a dedicated role.
      roles.push(this.addRole(guildId, { name: `${input.username} permissions`, permissions: input.permissions }).id);
    }
    const existing = guild.members.get(id);
    if (existing) {
      existing.roles = [...new Set([...existing.roles, ...roles])];
      return existing;
    }
    const member: APIGuildMember = {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles,
      joined_at: new Date().toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      // No member flags set (Discord sends 0).
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
    guild.members.set(id, member);
    return member;
  }

  memberByUsername(guildId: string, username: string): APIGuildMember | undefined {
    const guild = this.guilds.get(guildId);
    if (!guild) return undefined;
    for (const member of guild.members.values()) {
      if (member.user.username === username && !member.user.bot) return member;
    }
    return undefined;
  }

  requireGuild(guildId: string): SimGuild {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`unknown guild ${guildId}`);
    return guild;
  }

  /** DM channel between a bot and a user; Discord returns the same channel on repeated opens. */
  openDm(bot: SimBot, recipient: APIUser): APIDMChannel {
    for (const ch of this.channels.values()) {
      const c = ch.channel;
      if (c.type === ChannelType.DM && c.recipients?.some((u) => u.id === recipient.id) && ch.dmBotId === bot.userId) {
        return c;
      }
    }
    const channel: APIDMChannel = {
      id: snowflake(),
      type: ChannelType.DM,
      name: null,
      last_message_id: null,
      recipients: [recipient],
    };
    this.channels.set(channel.id, { channel, guildId: null, messages: [], dmBotId: bot.userId });
    return channel;
  }

  findMessage(channelId: string, messageId: string): StoredMessage | undefined {
    return this.channels.get(channelId)?.messages.find((m) => m.message.id === messageId);
  }

  guildChannels(guild: SimGuild): (APITextChannel | APIGuildForumChannel)[] {
    const out: (APITextChannel | APIGuildForumChannel)[] = [];
    for (const id of guild.channelIds) {
      const ch = this.channels.get(id)?.channel;
      if (ch && (ch.type === ChannelType.GuildText || ch.type === ChannelType.GuildForum)) out.push(ch);
    }
    return out;
  }

  /** Every thread of the guild (archived ones too), oldest first. */
  guildThreads(guild: SimGuild): APIThreadChannel[] {
    const out: APIThreadChannel[] = [];
    for (const ch of this.channels.values()) {
      if (ch.guildId === guild.id && ch.threadMembers) out.push(ch.channel as APIThreadChannel);
    }
    return out;
  }

  /** Whether a bot may see a channel: guild channels need membership, DMs must be its own. */
  botCanAccess(bot: SimBot, channel: SimChannel): boolean {
    if (channel.guildId === null) return channel.dmBotId === bot.userId;
    return this.guilds.get(channel.guildId)?.botAppIds.has(bot.applicationId) ?? false;
  }

  snapshot(guild: SimGuild): GuildSnapshot {
    return {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      bots: [...guild.botAppIds],
      roles: guild.roles,
      channels: this.guildChannels(guild),
      threads: this.guildThreads(guild),
      members: [...guild.members.values()],
      bans: [...guild.bans.values()],
    };
  }

  ban(guild: SimGuild, user: APIUser, reason: string | null): APIBan {
    const ban: APIBan = { user, reason };
    guild.bans.set(user.id, ban);
    return ban;
  }
}

function makeRole(id: string, name: string, permissions: bigint, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    // No role flags set (Discord sends 0).
    flags: 0 as RoleFlags,
  };
}
