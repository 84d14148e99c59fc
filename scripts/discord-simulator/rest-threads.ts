// REST: threads and forum posts (start thread from a message / without one / forum post, thread members,
// modify and delete a thread), with Discord's permission checks and validation.
import { ChannelType, MessageFlags, PermissionFlagsBits } from './discord-enums.js';
import type { APIThreadChannel } from 'discord-api-types/v10';
import type { SimContext } from './context.js';
import { Errors, isRecord } from './http-util.js';
import { parseMessageBody } from './messages.js';
import {
  authorUser,
  botChannelPermissions,
  channelFor,
  jsonBody,
  noContent,
  ok,
  param,
  requireBot,
  requireChannelPermission,
  restRoute,
  type RestRequest,
  type RestRoute,
} from './rest-common.js';
import {
  activeThreadsFor,
  addThreadMember,
  announceThreadUpdate,
  createForumPost,
  deleteThread,
  isForum,
  isThread,
  parseAppliedTags,
  parseAutoArchive,
  parseThreadName,
  removeThreadMember,
  startThreadFromMessage,
  startThreadWithoutMessage,
  threadMemberOf,
  threadMembers,
  ThreadErrors,
  type ThreadChannel,
} from './threads.js';
import type { SimGuild } from './types.js';

const P = PermissionFlagsBits;

function guildOf(ctx: SimContext, guildId: string | null): SimGuild {
  const guild = ctx.store.guilds.get(guildId ?? '');
  if (!guild) throw ThreadErrors.wrongChannelType();
  return guild;
}

function threadFor(ctx: SimContext, req: RestRequest): ThreadChannel {
  const channel = channelFor(ctx, req);
  if (!isThread(channel)) throw ThreadErrors.wrongChannelType();
  return channel;
}

/** POST /channels/:cid/messages/:mid/threads */
function startFromMessage(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const parent = channelFor(ctx, req);
  const body = jsonBody(req);
  const name = parseThreadName(body.name);
  const autoArchive = parseAutoArchive(body.auto_archive_duration);
  if (parent.channel.type !== ChannelType.GuildText) throw ThreadErrors.wrongChannelType();
  requireChannelPermission(ctx, req, parent, P.CreatePublicThreads);
  const starter = parent.messages.find((m) => m.message.id === param(req, 'mid') && !m.ephemeral);
  if (!starter) throw Errors.unknownMessage();
  const thread = startThreadFromMessage(ctx, guildOf(ctx, parent.guildId), parent, starter, authorUser(ctx, bot), name, autoArchive);
  return ok(thread.channel, 201);
}

/** POST /channels/:cid/threads: a thread without a message (text channel) or a forum post (forum channel). */
function startThread(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const parent = channelFor(ctx, req);
  const guild = guildOf(ctx, parent.guildId);
  const body = jsonBody(req);
  const name = parseThreadName(body.name);
  const autoArchive = parseAutoArchive(body.auto_archive_duration);
  const perms = botChannelPermissions(ctx, bot, parent);
  if (isForum(parent)) {
    if (!isRecord(body.message)) throw Errors.invalidForm('message', 'BASE_TYPE_REQUIRED', 'This field is required');
    requireChannelPermission(ctx, req, parent, P.SendMessages);
    const message = parseMessageBody({ ...req.body, json: body.message }, ctx.urls.url, 'create');
    if (message.flags !== undefined) message.flags &= ~MessageFlags.Ephemeral;
    const appliedTags = parseAppliedTags(parent.channel, body.applied_tags, perms);
    const post = createForumPost(ctx, guild, parent, authorUser(ctx, bot), { name, body: message, appliedTags, autoArchive });
    // Discord returns the post's thread with its first message.
    return ok({ ...post.thread.channel, member: threadMemberOf(post.thread, bot.userId), message: post.message.message }, 201);
  }
  if (parent.channel.type !== ChannelType.GuildText) throw ThreadErrors.wrongChannelType();
  // Discord defaults to a private thread here, as first documented.
  const type = body.type === undefined || body.type === null ? ChannelType.PrivateThread : body.type;
  if (type !== ChannelType.PublicThread && type !== ChannelType.PrivateThread) {
    throw Errors.invalidForm('type', 'BASE_TYPE_CHOICES', 'Value must be one of (10, 11, 12).');
  }
  if (body.invitable !== undefined && typeof body.invitable !== 'boolean') throw Errors.invalidForm('invitable', 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  requireChannelPermission(ctx, req, parent, type === ChannelType.PublicThread ? P.CreatePublicThreads : P.CreatePrivateThreads);
  const thread = startThreadWithoutMessage(ctx, guild, parent, authorUser(ctx, bot), {
    name,
    type,
    autoArchive,
    ...(typeof body.invitable === 'boolean' ? { invitable: body.invitable } : {}),
  });
  return ok(thread.channel, 201);
}

/** PUT /channels/:cid/thread-members/@me and /:uid */
function joinThread(self: boolean) {
  return (ctx: SimContext, req: RestRequest) => {
    const bot = requireBot(req);
    const thread = threadFor(ctx, req);
    const guild = guildOf(ctx, thread.guildId);
    const userId = self ? bot.userId : param(req, 'uid');
    if (!guild.members.has(userId)) throw Errors.unknownMember();
    if (thread.channel.thread_metadata?.archived) throw ThreadErrors.archived();
    const perms = botChannelPermissions(ctx, bot, thread);
    if (!self) {
      requireChannelPermission(ctx, req, thread, P.SendMessagesInThreads);
      // Only moderators add people to a private thread that is not invitable.
      const invitable = thread.channel.thread_metadata?.invitable !== false;
      if (thread.channel.type === ChannelType.PrivateThread && !invitable && (perms & P.ManageThreads) === 0n) throw Errors.missingPermissions();
    }
    addThreadMember(ctx, guild, thread, userId);
    return noContent;
  };
}

/** DELETE /channels/:cid/thread-members/@me and /:uid */
function leaveThread(self: boolean) {
  return (ctx: SimContext, req: RestRequest) => {
    const bot = requireBot(req);
    const thread = threadFor(ctx, req);
    const guild = guildOf(ctx, thread.guildId);
    if (thread.channel.thread_metadata?.archived) throw ThreadErrors.archived();
    const userId = self ? bot.userId : param(req, 'uid');
    if (!self) {
      const perms = botChannelPermissions(ctx, bot, thread);
      const ownsPrivate = thread.channel.type === ChannelType.PrivateThread && thread.channel.owner_id === bot.userId;
      if ((perms & P.ManageThreads) === 0n && !ownsPrivate) throw Errors.missingPermissions();
    }
    if (!thread.threadMembers.has(userId)) throw Errors.unknownMember();
    removeThreadMember(ctx, guild, thread, userId);
    return noContent;
  };
}

/**
 * PATCH /channels/:cid on a thread: name, archived, locked, auto_archive_duration, invitable, applied_tags.
 * The owner may change its own thread's name, archive state and tags; locking and anything on another's thread
 * needs Manage Threads. An archived thread takes no change unless the request unarchives it.
 */
function modifyThread(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const channel = channelFor(ctx, req);
  // Modify channel for non-thread channels needs Manage Channels and is not emulated.
  if (!isThread(channel)) throw ThreadErrors.wrongChannelType();
  const thread = channel.channel;
  const meta = thread.thread_metadata;
  const body = jsonBody(req);
  const perms = botChannelPermissions(ctx, bot, channel);
  const moderator = (perms & P.ManageThreads) !== 0n;
  const owner = thread.owner_id === bot.userId;
  const patch: Partial<APIThreadChannel> = {};
  const metaPatch: { archived?: boolean; locked?: boolean; invitable?: boolean; auto_archive_duration?: number } = {};
  if (meta?.archived && body.archived !== false) throw ThreadErrors.archived();
  if (body.name !== undefined) patch.name = parseThreadName(body.name);
  for (const field of ['archived', 'locked', 'invitable'] as const) {
    if (body[field] === undefined) continue;
    if (typeof body[field] !== 'boolean') throw Errors.invalidForm(field, 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    metaPatch[field] = body[field];
  }
  const autoArchive = parseAutoArchive(body.auto_archive_duration);
  if (autoArchive !== undefined) metaPatch.auto_archive_duration = autoArchive;
  if (metaPatch.invitable !== undefined && thread.type !== ChannelType.PrivateThread) {
    throw Errors.invalidForm('invitable', 'BASE_TYPE_BAD_VALUE', 'Only private threads can be invitable.');
  }
  if (body.applied_tags !== undefined) {
    const parent = ctx.store.channels.get(thread.parent_id ?? '');
    if (!parent || !isForum(parent)) throw Errors.invalidForm('applied_tags', 'BASE_TYPE_BAD_VALUE', 'Only forum posts carry tags.');
    patch.applied_tags = parseAppliedTags(parent.channel, body.applied_tags, perms);
  }
  const needsModerator =
    metaPatch.locked !== undefined || (meta?.locked === true && metaPatch.archived === false) || (!owner && Object.keys(patch).length + Object.keys(metaPatch).length > 0);
  if (needsModerator && !moderator) throw Errors.missingPermissions();
  Object.assign(thread, patch);
  if (meta) {
    if (metaPatch.archived !== undefined && metaPatch.archived !== meta.archived) meta.archive_timestamp = new Date().toISOString();
    Object.assign(meta, metaPatch);
  }
  announceThreadUpdate(ctx, channel);
  return ok(thread);
}

/** DELETE /channels/:cid on a thread: Manage Threads. */
function removeThread(ctx: SimContext, req: RestRequest) {
  const channel = channelFor(ctx, req);
  if (!isThread(channel)) throw ThreadErrors.wrongChannelType();
  requireChannelPermission(ctx, req, channel, P.ManageThreads);
  deleteThread(ctx, guildOf(ctx, channel.guildId), channel);
  return ok(channel.channel);
}

/** GET /guilds/:gid/threads/active: the guild's unarchived threads the bot can see, with its own memberships. */
function activeThreads(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const guild = ctx.store.guilds.get(param(req, 'gid'));
  if (!guild) throw Errors.unknownGuild();
  if (!guild.botAppIds.has(bot.applicationId)) throw Errors.missingAccess();
  const threads = activeThreadsFor(ctx.store, guild, bot);
  const members = threads.flatMap((t) => {
    const channel = ctx.store.channels.get(t.id);
    const member = channel && isThread(channel) ? threadMemberOf(channel, bot.userId) : undefined;
    return member ? [member] : [];
  });
  return ok({ threads, members });
}

export const threadRoutes: RestRoute[] = [
  restRoute('GET', '/guilds/:gid/threads/active', activeThreads),
  restRoute('POST', '/channels/:cid/messages/:mid/threads', startFromMessage),
  restRoute('POST', '/channels/:cid/threads', startThread),
  restRoute('PATCH', '/channels/:cid', modifyThread),
  restRoute('DELETE', '/channels/:cid', removeThread),
  restRoute('GET', '/channels/:cid/thread-members', (ctx, req) => ok(threadMembers(threadFor(ctx, req)))),
  restRoute('PUT', '/channels/:cid/thread-members/@me', joinThread(true)),
  restRoute('DELETE', '/channels/:cid/thread-members/@me', leaveThread(true)),
  restRoute('GET', '/channels/:cid/thread-members/:uid', (ctx, req) => {
    const member = threadMemberOf(threadFor(ctx, req), param(req, 'uid'));
    if (!member) throw Errors.unknownMember();
    return ok(member);
  }),
  restRoute('PUT', '/channels/:cid/thread-members/:uid', joinThread(false)),
  restRoute('DELETE', '/channels/:cid/thread-members/:uid', leaveThread(false)),
];
