// What a GatewayShard hands a GuildActor: one gateway dispatch for that guild, with the bot it came through.

import type { APIUser, GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import type { ThreadInfo } from '../threads/place';

/**
 * The fields of a member's message a guild actor reads (moderation, answering, memory, threads, live view). The
 * shard hands over only these (`memberMessageOf`), so an event crosses to the actor and is stored at a fraction of
 * Discord's payload (embeds, attachments, each mention's member object…); a field read anywhere must be listed here.
 */
export type MemberMessage = Pick<GatewayMessageCreateDispatchData, 'id' | 'channel_id' | 'guild_id' | 'content' | 'type' | 'webhook_id' | 'mention_roles' | 'edited_timestamp'> & {
  author: Pick<APIUser, 'id' | 'username' | 'global_name' | 'bot'>;
  member?: { roles: string[]; nick?: string | null };
  mentions: Pick<APIUser, 'id'>[];
};

export interface BotIdentity {
  /** "shared" for the shared Herald application, else the custom bot's application id. */
  appKey: string;
  applicationId: string | null;
  botUserId: string;
}

export interface MessageCreateEvent {
  kind: 'message_create';
  /** Identity for exactly-once handling: the same event replayed on RESUME has the same id. */
  eventId: string;
  bot: BotIdentity;
  message: MemberMessage;
}

/** A member edited a message: moderated again (an edit must not smuggle in what a new message could not). */
export interface MessageUpdateEvent {
  kind: 'message_update';
  /** Per edit: the edit time is part of the id, so each edit is checked once. */
  eventId: string;
  bot: BotIdentity;
  message: MemberMessage;
}

/** The guild's owner and roles (GUILD_CREATE, GUILD_UPDATE), so moderation can recognise admins. */
export interface GuildStateEvent {
  kind: 'guild_state';
  eventId: string;
  bot: BotIdentity;
  ownerId: string;
  roles: { id: string; permissions: string }[];
  /** GUILD_CREATE only: every channel and whether @everyone can view it. */
  channels?: { id: string; public: boolean }[];
  /** GUILD_CREATE only: the forum channels among them, and the active threads. */
  forumIds?: string[];
  threads?: ThreadInfo[];
}

/** A channel created or changed (`public`: whether @everyone can view it), or deleted (`public` null). */
export interface ChannelEvent {
  kind: 'channel';
  eventId: string;
  bot: BotIdentity;
  channelId: string;
  public: boolean | null;
  /** Whether it is a forum channel (absent in events stored by older versions). */
  forum?: boolean;
}

/** THREAD_CREATE / THREAD_UPDATE (`thread`), or THREAD_DELETE (`thread` null). */
export interface ThreadEvent {
  kind: 'thread';
  eventId: string;
  bot: BotIdentity;
  threadId: string;
  thread: ThreadInfo | null;
}

/** A role created, changed or deleted (permissions null). */
export interface RoleEvent {
  kind: 'role';
  eventId: string;
  bot: BotIdentity;
  roleId: string;
  permissions: string | null;
}

/** Discord AutoMod acted on a member's message (AUTO_MODERATION_ACTION_EXECUTION): logged with source "automod". */
export interface AutomodExecutionEvent {
  kind: 'automod_execution';
  eventId: string;
  bot: BotIdentity;
  ruleId: string;
  /** AutoModerationActionType: 1 block, 2 alert, 3 timeout, 4 block member interaction. */
  actionType: number;
  userId: string;
  channelId: string | null;
  messageId: string | null;
  content: string;
  matchedKeyword: string | null;
  matchedContent: string | null;
}

export type GuildGatewayEvent = MessageCreateEvent | MessageUpdateEvent | GuildStateEvent | RoleEvent | ChannelEvent | ThreadEvent | AutomodExecutionEvent;

/** A member's `/ask`, already acknowledged (deferred) by the Worker; the answer goes to the follow-up webhook. */
export interface AskEvent {
  kind: 'ask';
  eventId: string;
  applicationId: string;
  interactionToken: string;
  channelId: string;
  userId: string;
  question: string;
  /** The member's roles (moderation exemptions and admin check); absent in events stored by older versions. */
  roleIds?: string[];
  /** When the Worker answered Discord with the deferred response (ms since epoch). */
  acknowledgedAt: number;
  /** Whose key verified it: "shared", or the custom application's id (its own interactions route). */
  via: string;
}

export type GuildEvent = GuildGatewayEvent | AskEvent;
