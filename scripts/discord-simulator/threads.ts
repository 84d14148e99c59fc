// Discord's threads and forums: thread and forum objects, who sees a thread, membership, posting rules, and the
// gateway events each change sends (THREAD_CREATE before the thread's first MESSAGE_CREATE, as Discord orders them).
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, MessageReferenceType, MessageType, PermissionFlagsBits } from './discord-enums.js';
import type {
  APIGuildForumChannel,
  APIGuildForumTag,
  APIGuildMember,
  APIThreadChannel,
  APIThreadMember,
  APIUser,
  ChannelFlags,
  GatewayThreadCreateDispatchData,
  GatewayThreadDeleteDispatchData,
  GatewayThreadMembersUpdateDispatchData,
  ThreadAutoArchiveDuration,
  ThreadChannelType,
  ThreadMemberFlags,
} from 'discord-api-types/v10';
import { announceMessage, type SimContext } from './context.js';
import { DiscordError, Errors } from './http-util.js';
import { createMessage, type MessageBody } from './messages.js';
import { channelPermissions } from './permissions.js';
import { snowflake } from './snowflake.js';
import type { SimStore } from './store.js';
import type { AddChannelInput, SimBot, SimChannel, SimGuild, StoredMessage } from './types.js';

const P = PermissionFlagsBits;
/** Discord's bounds: thread names 1-100 characters, at most 5 tags on a post, 20 tags on a forum of 20 characters each. */
export const THREAD_NAME_MAX = 100;
export const MAX_APPLIED_TAGS = 5;
export const MAX_FORUM_TAGS = 20;
export const FORUM_TAG_NAME_MAX = 20;
/** member_count stops counting at 50, as on Discord. */
const MEMBER_COUNT_CAP = 50;
export const AUTO_ARCHIVE_DURATIONS: readonly number[] = [60, 1440, 4320, 10080];
const DEFAULT_AUTO_ARCHIVE = 4320 as ThreadAutoArchiveDuration;

export const ThreadErrors = {
  archived: () => new DiscordError(400, 50083, 'Thread is archived'),
  locked: () => new DiscordError(403, 160005, 'Thread is locked'),
  alreadyHasThread: () => new DiscordError(400, 160004, 'A thread has already been created for this message'),
  wrongChannelType: () => new DiscordError(400, 50024, 'Cannot execute action on this channel type'),
  nonTextChannel: () => new DiscordError(400, 50008, 'Cannot send messages in a non-text channel'),
};

export type ThreadChannel = SimChannel & { channel: APIThreadChannel; threadMembers: Map<string, string> };
export type ForumChannel = SimChannel & { channel: APIGuildForumChannel };

export function isThread(channel: SimChannel): channel is ThreadChannel {
  return channel.threadMembers !== undefined;
}

export function isForum(channel: SimChannel): channel is ForumChannel {
  return channel.channel.type === ChannelType.GuildForum;
}

/** A forum channel built from control input; throws Error with a readable message on bad tags. */
export function forumChannel(guildId: string, input: AddChannelInput, position: number): APIGuildForumChannel {
  const tags = input.tags ?? [];
  if (!Array.isArray(tags) || tags.length > MAX_FORUM_TAGS) throw new Error(`tags must be a list of at most ${MAX_FORUM_TAGS}`);
  const available: APIGuildForumTag[] = tags.map((t, i) => {
    if (typeof t?.name !== 'string' || t.name === '' || [...t.name].length > FORUM_TAG_NAME_MAX) {
      throw new Error(`tags[${i}].name must be 1-${FORUM_TAG_NAME_MAX} characters`);
    }
    return { id: t.id ?? snowflake(), name: t.name, moderated: t.moderated === true, emoji_id: null, emoji_name: typeof t.emoji === 'string' ? t.emoji : null };
  });
  return {
    id: input.id ?? snowflake(),
    type: ChannelType.GuildForum,
    guild_id: guildId,
    name: input.name,
    position,
    permission_overwrites: input.private ? [{ id: guildId, type: 0, allow: '0', deny: String(P.ViewChannel) }] : [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    available_tags: available,
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: 0,
    // No channel flags set (REQUIRE_TAG off).
    flags: 0 as ChannelFlags,
  };
}

export function parentOf(store: SimStore, thread: ThreadChannel): SimChannel | undefined {
  return store.channels.get(thread.channel.parent_id ?? '');
}

/**
 * Permissions in any guild channel, threads included: a thread has its parent's permissions, and a private thread
 * is invisible (nothing) to whoever is neither in it nor allowed to manage threads in the parent.
 */
export function effectivePermissions(store: SimStore, guild: SimGuild, channel: SimChannel, member: APIGuildMember): bigint {
  if (!isThread(channel)) return channelPermissions(guild, channel, member);
  const parent = parentOf(store, channel);
  if (!parent) return 0n;
  const perms = channelPermissions(guild, parent, member);
  if (channel.channel.type === ChannelType.PrivateThread && !channel.threadMembers.has(member.user.id) && (perms & P.ManageThreads) === 0n) return 0n;
  return perms;
}

/** The permission a message in this channel needs; a forum takes posts (threads), never messages. */
export function sendPermission(channel: SimChannel): bigint {
  if (isForum(channel)) throw ThreadErrors.nonTextChannel();
  return isThread(channel) ? P.SendMessagesInThreads : P.SendMessages;
}

/** The guild's bots that can see the channel (threads: per the rules above). */
export function viewingBots(store: SimStore, guild: SimGuild, channel: SimChannel): SimBot[] {
  return store.bots.filter((bot) => {
    const member = guild.members.get(bot.userId);
    return guild.botAppIds.has(bot.applicationId) && member !== undefined && (effectivePermissions(store, guild, channel, member) & P.ViewChannel) !== 0n;
  });
}

export function threadValidation(field: string, message: string): DiscordError {
  return Errors.invalidForm(field, 'BASE_TYPE_BAD_VALUE', message);
}

/** Validates a thread name (required, 1-100 characters after trimming). */
export function parseThreadName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string') throw Errors.invalidForm(field, 'BASE_TYPE_REQUIRED', 'This field is required');
  const name = value.trim();
  if (name === '') throw Errors.invalidForm(field, 'BASE_TYPE_MIN_LENGTH', 'Must be between 1 and 100 in length.');
  if ([...name].length > THREAD_NAME_MAX) throw Errors.invalidForm(field, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  return name;
}

export function parseAutoArchive(value: unknown): ThreadAutoArchiveDuration | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !AUTO_ARCHIVE_DURATIONS.includes(value)) {
    throw Errors.invalidForm('auto_archive_duration', 'BASE_TYPE_CHOICES', `Value must be one of (${AUTO_ARCHIVE_DURATIONS.join(', ')}).`);
  }
  return value as ThreadAutoArchiveDuration;
}

/**
 * Tag ids of a forum post: at most 5, each one of the forum's available_tags (by id; control input may also name
 * them). Moderated tags need Manage Threads.
 */
export function parseAppliedTags(forum: APIGuildForumChannel, value: unknown, perms: bigint, byName = false): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw Errors.invalidForm('applied_tags', 'BASE_TYPE_LIST', 'Must be a list.');
  if (value.length > MAX_APPLIED_TAGS) throw Errors.invalidForm('applied_tags', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_APPLIED_TAGS} or fewer in length.`);
  const out: string[] = [];
  value.forEach((raw, i) => {
    const tag = forum.available_tags.find((t) => t.id === String(raw) || (byName && t.name === raw));
    if (!tag) throw Errors.invalidForm(`applied_tags.${i}`, 'FORUM_TAG_UNKNOWN', 'Unknown tag.');
    if (tag.moderated && (perms & P.ManageThreads) === 0n) throw Errors.missingPermissions();
    if (!out.includes(tag.id)) out.push(tag.id);
  });
  return out;
}

function threadMember(thread: ThreadChannel, userId: string, member?: APIGuildMember): APIThreadMember {
  return {
    id: thread.channel.id,
    user_id: userId,
    join_timestamp: thread.threadMembers.get(userId) ?? new Date().toISOString(),
    // No thread member flags set (notification settings are the client's business).
    flags: 0 as ThreadMemberFlags,
    ...(member ? { member } : {}),
  };
}

export function threadMembers(thread: ThreadChannel): APIThreadMember[] {
  return [...thread.threadMembers.keys()].map((id) => threadMember(thread, id));
}

export function threadMemberOf(thread: ThreadChannel, userId: string): APIThreadMember | undefined {
  return thread.threadMembers.has(userId) ? threadMember(thread, userId) : undefined;
}

interface NewThread {
  guild: SimGuild;
  parent: SimChannel;
  owner: APIUser;
  name: string;
  type: Exclude<ThreadChannelType, typeof ChannelType.AnnouncementThread>;
  autoArchive?: ThreadAutoArchiveDuration | undefined;
  invitable?: boolean;
  appliedTags?: string[];
  /** A thread started from a message takes that message's id. */
  id?: string;
}

/** Stores a new thread with its owner as first member; announces nothing. */
function buildThread(store: SimStore, input: NewThread): ThreadChannel {
  const now = new Date().toISOString();
  const forumParent = isForum(input.parent);
  const channel: APIThreadChannel = {
    id: input.id ?? snowflake(),
    type: input.type,
    guild_id: input.guild.id,
    name: input.name,
    parent_id: input.parent.channel.id,
    owner_id: input.owner.id,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    // No channel flags set (PINNED is for forum posts an admin pins).
    flags: 0 as ChannelFlags,
    thread_metadata: {
      archived: false,
      auto_archive_duration: input.autoArchive ?? DEFAULT_AUTO_ARCHIVE,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(input.type === ChannelType.PrivateThread ? { invitable: input.invitable ?? true } : {}),
    },
    ...(forumParent ? { applied_tags: input.appliedTags ?? [] } : {}),
  };
  const thread: ThreadChannel = { channel, guildId: input.guild.id, messages: [], threadMembers: new Map([[input.owner.id, now]]) };
  store.channels.set(channel.id, thread);
  return thread;
}

/**
 * Called for every message stored in a thread: Discord numbers thread messages (`position`) and counts them; the
 * thread's initial message (a forum post's first message, or the starter message) is position 0 and not counted.
 */
export function countThreadMessage(thread: SimChannel, message: { id: string; type: number; position?: number }): void {
  if (!isThread(thread)) return;
  const c = thread.channel;
  if (message.id === c.id || message.type === MessageType.ThreadStarterMessage) {
    message.position = 0;
    return;
  }
  c.total_message_sent = (c.total_message_sent ?? 0) + 1;
  c.message_count = (c.message_count ?? 0) + 1;
  message.position = c.total_message_sent;
}

function announceThreadCreate(ctx: SimContext, guild: SimGuild, thread: ThreadChannel, newlyCreated: boolean, onlyBot?: SimBot): void {
  const bots = onlyBot ? [onlyBot] : viewingBots(ctx.store, guild, thread);
  if (bots.length === 0) return;
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.Guilds, botUserIds: bots.map((b) => b.userId) }, GatewayDispatchEvents.ThreadCreate, (bot) => {
    const member = threadMemberOf(thread, bot.userId);
    const d: GatewayThreadCreateDispatchData = { ...thread.channel, ...(member ? { member } : {}), ...(newlyCreated ? { newly_created: true } : {}) };
    return d;
  });
}

export function announceThreadUpdate(ctx: SimContext, thread: ThreadChannel): void {
  const guild = ctx.store.guilds.get(thread.guildId ?? '');
  if (!guild) return;
  const bots = viewingBots(ctx.store, guild, thread).map((b) => b.userId);
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.Guilds, botUserIds: bots }, GatewayDispatchEvents.ThreadUpdate, () => thread.channel);
}

/**
 * THREAD_MEMBERS_UPDATE goes to bots with GUILD_MEMBERS that see the thread, and (with GUILDS only) to a bot that
 * was itself added or removed, as Discord documents.
 */
function announceMembers(ctx: SimContext, guild: SimGuild, thread: ThreadChannel, change: { added?: string; removed?: string }): void {
  const affected = change.added ?? change.removed ?? '';
  const d: GatewayThreadMembersUpdateDispatchData = {
    id: thread.channel.id,
    guild_id: guild.id,
    member_count: thread.channel.member_count ?? 0,
    ...(change.added ? { added_members: [threadMember(thread, change.added, guild.members.get(change.added))] } : {}),
    ...(change.removed ? { removed_member_ids: [change.removed] } : {}),
  };
  const others = viewingBots(ctx.store, guild, thread).filter((b) => b.userId !== affected).map((b) => b.userId);
  if (others.length > 0) ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.GuildMembers, botUserIds: others }, GatewayDispatchEvents.ThreadMembersUpdate, () => d);
  const self = ctx.store.botByUserId(affected);
  if (self) ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.Guilds, botUserIds: [self.userId] }, GatewayDispatchEvents.ThreadMembersUpdate, () => d);
}

/** Adds a member to a thread (no-op when already in it). A bot that could not see the private thread gets THREAD_CREATE. */
export function addThreadMember(ctx: SimContext, guild: SimGuild, thread: ThreadChannel, userId: string): boolean {
  if (thread.threadMembers.has(userId)) return false;
  const bot = ctx.store.botByUserId(userId);
  const botMember = bot ? guild.members.get(bot.userId) : undefined;
  const sawBefore = botMember ? (effectivePermissions(ctx.store, guild, thread, botMember) & P.ViewChannel) !== 0n : true;
  thread.threadMembers.set(userId, new Date().toISOString());
  thread.channel.member_count = Math.min(MEMBER_COUNT_CAP, thread.threadMembers.size);
  if (bot && !sawBefore) announceThreadCreate(ctx, guild, thread, false, bot);
  announceMembers(ctx, guild, thread, { added: userId });
  return true;
}

export function removeThreadMember(ctx: SimContext, guild: SimGuild, thread: ThreadChannel, userId: string): boolean {
  if (!thread.threadMembers.delete(userId)) return false;
  thread.channel.member_count = Math.min(MEMBER_COUNT_CAP, thread.threadMembers.size);
  announceMembers(ctx, guild, thread, { removed: userId });
  return true;
}

/**
 * Before anyone posts in a thread: a locked thread takes messages only from those who manage threads; an archived
 * one reopens on send (Discord unarchives it) unless it is locked. The author joins the thread.
 */
export function beforeThreadPost(ctx: SimContext, thread: ThreadChannel, user: APIUser, perms: bigint): void {
  const meta = thread.channel.thread_metadata;
  const moderator = (perms & P.ManageThreads) !== 0n;
  if (meta?.locked && !moderator) throw meta.archived ? ThreadErrors.archived() : ThreadErrors.locked();
  const guild = ctx.store.guilds.get(thread.guildId ?? '');
  if (!guild) return;
  if (meta?.archived) {
    meta.archived = false;
    meta.archive_timestamp = new Date().toISOString();
    announceThreadUpdate(ctx, thread);
  }
  addThreadMember(ctx, guild, thread, user.id);
}

/** A thread started from a message: same id as the message, which now carries `thread` and HAS_THREAD. */
export function startThreadFromMessage(
  ctx: SimContext,
  guild: SimGuild,
  parent: SimChannel,
  starter: StoredMessage,
  owner: APIUser,
  name: string,
  autoArchive?: ThreadAutoArchiveDuration,
): ThreadChannel {
  if (parent.channel.type !== ChannelType.GuildText) throw ThreadErrors.wrongChannelType();
  if (starter.message.thread || ctx.store.channels.has(starter.message.id)) throw ThreadErrors.alreadyHasThread();
  const thread = buildThread(ctx.store, { guild, parent, owner, name, type: ChannelType.PublicThread, autoArchive, id: starter.message.id });
  announceThreadCreate(ctx, guild, thread, true);
  starter.message.thread = thread.channel;
  starter.message.flags = (starter.message.flags ?? 0) | MessageFlags.HasThread;
  announceMessage(ctx, parent, starter, 'update');
  // The thread opens with a THREAD_STARTER_MESSAGE pointing at the parent's message.
  const first = createMessage(ctx.store, { channel: thread, author: starter.message.author, body: {}, type: MessageType.ThreadStarterMessage });
  first.message.message_reference = { type: MessageReferenceType.Default, channel_id: parent.channel.id, message_id: starter.message.id, guild_id: guild.id };
  const { referenced_message: _nested, ...referenced } = starter.message;
  first.message.referenced_message = referenced;
  announceMessage(ctx, thread, first, 'create');
  return thread;
}

/** A thread without a message in a text channel; a public one leaves a THREAD_CREATED system message in the parent. */
export function startThreadWithoutMessage(
  ctx: SimContext,
  guild: SimGuild,
  parent: SimChannel,
  owner: APIUser,
  input: { name: string; type: Exclude<ThreadChannelType, typeof ChannelType.AnnouncementThread>; autoArchive?: ThreadAutoArchiveDuration | undefined; invitable?: boolean },
): ThreadChannel {
  if (parent.channel.type !== ChannelType.GuildText) throw ThreadErrors.wrongChannelType();
  const thread = buildThread(ctx.store, { guild, parent, owner, ...input });
  announceThreadCreate(ctx, guild, thread, true);
  if (input.type === ChannelType.PublicThread) {
    const notice = createMessage(ctx.store, { channel: parent, author: owner, body: { content: input.name }, type: MessageType.ThreadCreated });
    notice.message.message_reference = { type: MessageReferenceType.Default, channel_id: thread.channel.id, guild_id: guild.id };
    announceMessage(ctx, parent, notice, 'create');
  }
  return thread;
}

/** A forum post: a public thread whose first message has the thread's id (THREAD_CREATE, then MESSAGE_CREATE). */
export function createForumPost(
  ctx: SimContext,
  guild: SimGuild,
  forum: ForumChannel,
  owner: APIUser,
  input: { name: string; body: MessageBody; appliedTags: string[]; autoArchive?: ThreadAutoArchiveDuration | undefined },
): { thread: ThreadChannel; message: StoredMessage } {
  const thread = buildThread(ctx.store, { guild, parent: forum, owner, name: input.name, type: ChannelType.PublicThread, autoArchive: input.autoArchive, appliedTags: input.appliedTags });
  announceThreadCreate(ctx, guild, thread, true);
  const message = createMessage(ctx.store, { channel: thread, author: owner, body: input.body, id: thread.channel.id });
  forum.channel.last_message_id = thread.channel.id;
  announceMessage(ctx, thread, message, 'create');
  return { thread, message };
}

export function deleteThread(ctx: SimContext, guild: SimGuild, thread: ThreadChannel): void {
  const bots = viewingBots(ctx.store, guild, thread).map((b) => b.userId);
  ctx.store.channels.delete(thread.channel.id);
  const d: GatewayThreadDeleteDispatchData = { id: thread.channel.id, guild_id: guild.id, parent_id: thread.channel.parent_id ?? '', type: thread.channel.type };
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.Guilds, botUserIds: bots }, GatewayDispatchEvents.ThreadDelete, () => d);
}

/** GUILD_CREATE's `threads`: the active (unarchived) threads this bot can see. */
export function activeThreadsFor(store: SimStore, guild: SimGuild, bot: SimBot): APIThreadChannel[] {
  const member = guild.members.get(bot.userId);
  if (!member) return [];
  const out: APIThreadChannel[] = [];
  for (const ch of store.channels.values()) {
    if (ch.guildId !== guild.id || !isThread(ch) || ch.channel.thread_metadata?.archived) continue;
    if ((effectivePermissions(store, guild, ch, member) & P.ViewChannel) !== 0n) out.push(ch.channel);
  }
  return out;
}
