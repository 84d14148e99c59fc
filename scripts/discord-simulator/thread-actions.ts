// Control operations for threads and forums: a member opens a forum post, starts a thread, joins one, or posts
// in one; the same Discord rules as the REST side (threads.ts), with the member's permissions instead of a bot's.
import { ChannelType, PermissionFlagsBits } from './discord-enums.js';
import type { APIGuildMember, APIMessage, APIThreadChannel, APIThreadMember } from 'discord-api-types/v10';
import { SimInputError } from './actions.js';
import { announceMemberAdd, type SimContext } from './context.js';
import { DiscordError } from './http-util.js';
import {
  addThreadMember,
  beforeThreadPost,
  createForumPost,
  effectivePermissions,
  forumChannel,
  isForum,
  isThread,
  parseAppliedTags,
  parseThreadName,
  startThreadFromMessage,
  startThreadWithoutMessage,
  threadMembers,
  type ThreadChannel,
} from './threads.js';
import type { AddChannelInput, ForumPostInput, SimChannel, SimGuild, StartThreadInput } from './types.js';

const P = PermissionFlagsBits;

/** Runs a Discord rule and turns its refusal into a control error naming Discord's code. */
function asControl<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DiscordError) {
      const status = error.status === 403 ? 403 : 400;
      throw new SimInputError(status, `${error.message} (Discord code ${error.code})${error.errors ? ` ${JSON.stringify(error.errors)}` : ''}`);
    }
    throw error;
  }
}

/** Checks a channel's control input (type 0 text or 15 forum with tags) before anything is created. */
export function validateChannelInput(input: AddChannelInput): void {
  if (input.type !== undefined && input.type !== ChannelType.GuildText && input.type !== ChannelType.GuildForum) {
    throw new SimInputError(400, 'type must be 0 (text) or 15 (forum)');
  }
  if (input.tags !== undefined && input.type !== ChannelType.GuildForum) throw new SimInputError(400, 'tags are for forum channels (type 15)');
  if (input.type === ChannelType.GuildForum) {
    try {
      forumChannel('0', input, 0);
    } catch (error) {
      throw new SimInputError(400, error instanceof Error ? error.message : String(error));
    }
  }
}

export class ThreadActions {
  constructor(private readonly ctx: SimContext) {}

  /** POST /_sim/forum-posts: THREAD_CREATE (newly_created) then MESSAGE_CREATE of the post's first message. */
  forumPost(input: ForumPostInput): { thread: APIThreadChannel; message: APIMessage } {
    const { guild, channel } = this.channel(input.channelId);
    if (!isForum(channel)) throw new SimInputError(400, `channel ${input.channelId} is not a forum (type 15)`);
    const member = this.member(guild, input.user);
    if (typeof input.content !== 'string' || input.content === '') throw new SimInputError(400, 'content is required');
    if ([...input.content].length > 2000) throw new SimInputError(400, 'content is longer than 2000 characters');
    const perms = effectivePermissions(this.ctx.store, guild, channel, member);
    if ((perms & P.ViewChannel) === 0n || (perms & P.SendMessages) === 0n) throw new SimInputError(403, `member ${member.user.id} may not post in forum ${channel.channel.id}`);
    const post = asControl(() => {
      const name = parseThreadName(input.title, 'title');
      const appliedTags = parseAppliedTags(channel.channel, input.tags, perms, true);
      return createForumPost(this.ctx, guild, channel, member.user, { name, body: { content: input.content }, appliedTags });
    });
    return { thread: post.thread.channel, message: post.message.message };
  }

  /** POST /_sim/threads: from a message (public thread with the message's id) or without one (type 11 or 12). */
  startThread(input: StartThreadInput): APIThreadChannel {
    const { guild, channel } = this.channel(input.channelId);
    if (channel.channel.type !== ChannelType.GuildText) throw new SimInputError(400, `threads start in text channels; ${input.channelId} is not one`);
    const member = this.member(guild, input.user);
    const perms = effectivePermissions(this.ctx.store, guild, channel, member);
    const type = input.messageId !== undefined ? ChannelType.PublicThread : (input.type ?? ChannelType.PublicThread);
    if (type !== ChannelType.PublicThread && type !== ChannelType.PrivateThread) throw new SimInputError(400, 'type must be 11 (public) or 12 (private)');
    const needed = type === ChannelType.PublicThread ? P.CreatePublicThreads : P.CreatePrivateThreads;
    if ((perms & needed) === 0n) throw new SimInputError(403, `member ${member.user.id} may not create this thread in ${channel.channel.id}`);
    return asControl(() => {
      const name = parseThreadName(input.name);
      if (input.messageId !== undefined) {
        const starter = channel.messages.find((m) => m.message.id === input.messageId && !m.ephemeral);
        if (!starter) throw new SimInputError(404, `unknown message ${input.messageId}`);
        return startThreadFromMessage(this.ctx, guild, channel, starter, member.user, name).channel;
      }
      return startThreadWithoutMessage(this.ctx, guild, channel, member.user, { name, type }).channel;
    });
  }

  /** PUT /_sim/threads/:tid/members/:uid: a member joins a public thread, or is added to a private one. */
  join(threadId: string, userId: string): APIThreadMember[] {
    const { guild, thread } = this.thread(threadId);
    const member = guild.members.get(userId);
    if (!member) throw new SimInputError(404, `unknown member ${userId}`);
    if (thread.channel.thread_metadata?.archived) throw new SimInputError(400, `thread ${threadId} is archived`);
    addThreadMember(this.ctx, guild, thread, userId);
    return threadMembers(thread);
  }

  /** GET /_sim/threads/:tid: the thread with its member ids (archived threads too). */
  view(threadId: string): { thread: APIThreadChannel; memberIds: string[] } {
    const { thread } = this.thread(threadId);
    return { thread: thread.channel, memberIds: [...thread.threadMembers.keys()] };
  }

  /**
   * Before a member's message in a thread (/_sim/messages): they must see it and may send in threads; a locked
   * thread refuses, an archived one reopens, and the member joins it.
   */
  beforeMemberPost(guild: SimGuild, channel: SimChannel, member: APIGuildMember): void {
    if (isForum(channel)) throw new SimInputError(400, 'a forum takes posts, not messages: POST /_sim/forum-posts');
    if (!isThread(channel)) return;
    const perms = effectivePermissions(this.ctx.store, guild, channel, member);
    if ((perms & P.ViewChannel) === 0n || (perms & P.SendMessagesInThreads) === 0n) {
      throw new SimInputError(403, `member ${member.user.id} may not send messages in thread ${channel.channel.id}`);
    }
    asControl(() => beforeThreadPost(this.ctx, channel, member.user, perms));
  }

  private channel(channelId: string): { guild: SimGuild; channel: SimChannel } {
    const channel = this.ctx.store.channels.get(String(channelId));
    const guild = channel?.guildId ? this.ctx.store.guilds.get(channel.guildId) : undefined;
    if (!channel || !guild) throw new SimInputError(404, `unknown guild channel ${channelId}`);
    return { guild, channel };
  }

  private thread(threadId: string): { guild: SimGuild; thread: ThreadChannel } {
    const { guild, channel } = this.channel(threadId);
    if (!isThread(channel)) throw new SimInputError(404, `unknown thread ${threadId}`);
    return { guild, thread: channel };
  }

  /** The member by id or username, created like /_sim/messages does; banned or timed-out members are refused. */
  private member(guild: SimGuild, user: { id?: string; username: string } | undefined): APIGuildMember {
    if (!user || typeof user.username !== 'string' || user.username === '') throw new SimInputError(400, 'user.username is required');
    if (user.id && guild.bans.has(user.id)) throw new SimInputError(403, `user ${user.id} is banned from this guild`);
    const existing = user.id ? guild.members.get(user.id) : this.ctx.store.memberByUsername(guild.id, user.username);
    let member = existing;
    if (!member) {
      member = this.ctx.store.addMember(guild.id, { ...(user.id ? { id: user.id } : {}), username: user.username });
      announceMemberAdd(this.ctx, guild, member);
    }
    const until = member.communication_disabled_until;
    if (until && Date.parse(until) > Date.now()) throw new SimInputError(403, `member ${member.user.id} is timed out until ${until}`);
    return member;
  }
}
