// Which guild actor a gateway dispatch concerns and what it hands that actor: pure translation from
// Discord's dispatches to GuildGatewayEvents. Event ids are stable across a RESUME replay (message ids, or
// the session and sequence), so the guild actor can drop what it already took. A dispatch that lacks a
// field the guild actor relies on is refused here (`malformed`, naming the field) and never reaches it.

import { ChannelType, GatewayDispatchEvents, type APIChannel, type GatewayAutoModerationActionExecutionDispatchData, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { visibleToEveryone } from '../guild/channel-visibility';
import type { BotIdentity, GuildGatewayEvent } from '../guild/events';
import { threadInfoOf } from '../threads/thread-directory';
import { checkGuildState, checkMessage, checkRoleEvent, isMessageCreate, isMessageUpdate, memberMessageOf } from './payloads';

export interface RoutedEvent {
  guildId: string;
  event: GuildGatewayEvent;
}

/** A dispatch Herald would act on but cannot: `field` is the first missing or mistyped one. */
export interface MalformedDispatch {
  malformed: string;
}

export function guildEventOf(payload: GatewayDispatchPayload, bot: BotIdentity, sessionId: string | null): RoutedEvent | MalformedDispatch | null {
  switch (payload.t) {
    case GatewayDispatchEvents.MessageCreate: {
      const d: unknown = payload.d;
      if (!isMessageCreate(d)) return { malformed: checkMessage(d) ?? 'd' };
      const guildId = d.guild_id;
      if (!guildId) return null;
      // The bot's own messages (its answers) ask nothing of the guild actor, which drops them anyway: not
      // routing them saves each answer a second trip through the outbox, the inbox and the dedupe rows.
      if (d.author.id === bot.botUserId) return null;
      return {
        guildId,
        // Per application: a guild may have the shared bot and its custom bot, each seeing the message.
        event: { kind: 'message_create', eventId: `message_create:${bot.appKey}:${d.id}`, bot, message: memberMessageOf(d) },
      };
    }
    case GatewayDispatchEvents.MessageUpdate: {
      const d: unknown = payload.d;
      if (!isMessageUpdate(d)) return { malformed: checkMessage(d) ?? 'd' };
      const guildId = d.guild_id;
      if (!guildId || !d.edited_timestamp || d.author.bot) return null;
      if (typeof d.edited_timestamp !== 'string') return { malformed: 'd.edited_timestamp' };
      return {
        guildId,
        event: {
          kind: 'message_update',
          eventId: `message_update:${bot.appKey}:${d.id}:${d.edited_timestamp}`,
          bot,
          message: memberMessageOf(d),
        },
      };
    }
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.GuildUpdate: {
      const d: unknown = payload.d;
      // An unavailable guild (an outage) carries no owner or roles: nothing to tell the actor yet.
      if (typeof d === 'object' && d !== null && (d as { unavailable?: unknown }).unavailable === true) return null;
      const problem = checkGuildState(d);
      if (problem) return { malformed: problem };
      const guild = payload.d as { id: string; owner_id: string; roles: { id: string; permissions: string }[]; channels?: unknown; threads?: unknown };
      return {
        guildId: guild.id,
        event: {
          kind: 'guild_state',
          eventId: `guild_state:${guild.id}:${sessionId}:${payload.s}`,
          bot,
          ownerId: guild.owner_id,
          roles: guild.roles.map((role) => ({ id: role.id, permissions: role.permissions })),
          ...(Array.isArray(guild.channels) ? { channels: channelsOf(guild.id, guild.channels.filter(isChannelLike)) } : {}),
          ...(Array.isArray(guild.channels) ? { forumIds: guild.channels.filter(isChannelLike).filter((c) => c.type === ChannelType.GuildForum).map((c) => c.id) } : {}),
          ...(Array.isArray(guild.threads) ? { threads: guild.threads.map(threadInfoOf).filter((t) => t !== null) } : {}),
        },
      };
    }
    case GatewayDispatchEvents.ChannelCreate:
    case GatewayDispatchEvents.ChannelUpdate:
    case GatewayDispatchEvents.ChannelDelete: {
      const channel: unknown = payload.d;
      if (!isChannelLike(channel) || !('guild_id' in channel) || typeof channel.guild_id !== 'string' || !channel.guild_id) return null;
      const deleted = payload.t === GatewayDispatchEvents.ChannelDelete;
      // Unknown overwrites count as private: only a channel known to be public is streamed.
      const isPublic = deleted ? null : (visibleToEveryone(channel.guild_id, 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? false);
      return {
        guildId: channel.guild_id,
        event: {
          kind: 'channel',
          eventId: `channel:${channel.guild_id}:${sessionId}:${payload.s}`,
          bot,
          channelId: channel.id,
          public: isPublic,
          forum: channel.type === ChannelType.GuildForum,
        },
      };
    }
    case GatewayDispatchEvents.ThreadCreate:
    case GatewayDispatchEvents.ThreadUpdate:
    case GatewayDispatchEvents.ThreadDelete: {
      const d: unknown = payload.d;
      const guildId = typeof d === 'object' && d !== null ? (d as { guild_id?: unknown }).guild_id : undefined;
      const threadId = typeof d === 'object' && d !== null ? (d as { id?: unknown }).id : undefined;
      if (typeof guildId !== 'string' || typeof threadId !== 'string') return { malformed: typeof guildId !== 'string' ? 'd.guild_id' : 'd.id' };
      const deleted = payload.t === GatewayDispatchEvents.ThreadDelete;
      const thread = deleted ? null : threadInfoOf(d);
      if (!deleted && !thread) return { malformed: 'd.parent_id' };
      return { guildId, event: { kind: 'thread', eventId: `thread:${guildId}:${sessionId}:${payload.s}`, bot, threadId, thread } };
    }
    case GatewayDispatchEvents.GuildRoleCreate:
    case GatewayDispatchEvents.GuildRoleUpdate:
    case GatewayDispatchEvents.GuildRoleDelete: {
      const problem = checkRoleEvent(payload.d);
      if (problem) return { malformed: problem };
      const d = payload.d;
      return {
        guildId: d.guild_id,
        event: {
          kind: 'role',
          eventId: `role:${d.guild_id}:${sessionId}:${payload.s}`,
          bot,
          roleId: 'role' in d ? d.role.id : d.role_id,
          permissions: 'role' in d ? d.role.permissions : null,
        },
      };
    }
    case GatewayDispatchEvents.AutoModerationActionExecution: {
      const d = payload.d as Partial<GatewayAutoModerationActionExecutionDispatchData> | null;
      if (!d || typeof d.guild_id !== 'string' || typeof d.rule_id !== 'string' || typeof d.user_id !== 'string' || typeof d.action?.type !== 'number') {
        return { malformed: 'd' };
      }
      return {
        guildId: d.guild_id,
        event: {
          kind: 'automod_execution',
          eventId: `automod:${bot.appKey}:${sessionId}:${payload.s}`,
          bot,
          ruleId: d.rule_id,
          actionType: d.action.type,
          userId: d.user_id,
          channelId: d.channel_id ?? null,
          messageId: d.message_id ?? null,
          content: typeof d.content === 'string' ? d.content : '',
          matchedKeyword: d.matched_keyword ?? null,
          matchedContent: d.matched_content ?? null,
        },
      };
    }
    default:
      return null;
  }
}

/**
 * The guild actor's own check of what it is handed (an outbox row written by an older version, or any other
 * caller): the reason it cannot be handled, or null when it can.
 */
export function guildEventProblem(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return 'event';
  const e = event as Record<string, unknown>;
  if (typeof e.eventId !== 'string' || e.eventId === '') return 'eventId';
  if (typeof e.bot !== 'object' || e.bot === null || typeof (e.bot as Record<string, unknown>).botUserId !== 'string') return 'bot';
  switch (e.kind) {
    case 'message_create':
    case 'message_update': {
      const problem = checkMessage(e.message);
      return problem ? problem.replace(/^d/, 'message') : null;
    }
    case 'guild_state':
      if (typeof e.ownerId !== 'string') return 'ownerId';
      return Array.isArray(e.roles) && e.roles.every((role: unknown) => typeof role === 'object' && role !== null && typeof (role as Record<string, unknown>).id === 'string' && typeof (role as Record<string, unknown>).permissions === 'string')
        ? null
        : 'roles';
    case 'thread':
      if (typeof e.threadId !== 'string') return 'threadId';
      return e.thread === null || (typeof e.thread === 'object' && typeof (e.thread as Record<string, unknown>).parentId === 'string') ? null : 'thread';
    case 'role':
      if (typeof e.roleId !== 'string') return 'roleId';
      return e.permissions === null || typeof e.permissions === 'string' ? null : 'permissions';
    default:
      // A kind this check does not know yet is the handler's to judge; only a missing kind is refused here.
      return typeof e.kind === 'string' && e.kind !== '' ? null : 'kind';
  }
}

/** Enough of a channel to learn its visibility: an object with a string id (the rest is read defensively). */
function isChannelLike(value: unknown): value is APIChannel {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function channelsOf(guildId: string, channels: readonly APIChannel[]): { id: string; public: boolean }[] {
  return channels.map((channel) => ({
    id: channel.id,
    public: visibleToEveryone(guildId, 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? false,
  }));
}
