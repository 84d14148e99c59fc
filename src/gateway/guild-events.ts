// Which guild actor a gateway dispatch concerns and what it hands that actor: pure translation from
// Discord's dispatches to GuildGatewayEvents. Event ids are stable across a RESUME replay (message ids, or
// the session and sequence), so the guild actor can drop what it already took.

import { GatewayDispatchEvents, type APIChannel, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { visibleToEveryone } from '../guild/channel-visibility';
import type { BotIdentity, GuildGatewayEvent } from '../guild/events';

export interface RoutedEvent {
  guildId: string;
  event: GuildGatewayEvent;
}

export function guildEventOf(payload: GatewayDispatchPayload, bot: BotIdentity, sessionId: string | null): RoutedEvent | null {
  switch (payload.t) {
    case GatewayDispatchEvents.MessageCreate: {
      const guildId = payload.d.guild_id;
      if (!guildId) return null;
      return {
        guildId,
        // Per application: a guild may have the shared bot and its custom bot, each seeing the message.
        event: { kind: 'message_create', eventId: `message_create:${bot.appKey}:${payload.d.id}`, bot, message: payload.d },
      };
    }
    case GatewayDispatchEvents.MessageUpdate: {
      const guildId = payload.d.guild_id;
      if (!guildId || !payload.d.edited_timestamp || payload.d.author.bot) return null;
      return {
        guildId,
        event: {
          kind: 'message_update',
          eventId: `message_update:${bot.appKey}:${payload.d.id}:${payload.d.edited_timestamp}`,
          bot,
          message: payload.d,
        },
      };
    }
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.GuildUpdate: {
      const guild = payload.d;
      if (!('owner_id' in guild) || !('roles' in guild)) return null;
      return {
        guildId: guild.id,
        event: {
          kind: 'guild_state',
          eventId: `guild_state:${guild.id}:${sessionId}:${payload.s}`,
          bot,
          ownerId: guild.owner_id,
          roles: guild.roles.map((role) => ({ id: role.id, permissions: role.permissions })),
          ...('channels' in guild ? { channels: channelsOf(guild.id, guild.channels) } : {}),
        },
      };
    }
    case GatewayDispatchEvents.ChannelCreate:
    case GatewayDispatchEvents.ChannelUpdate:
    case GatewayDispatchEvents.ChannelDelete: {
      const channel = payload.d;
      if (!('guild_id' in channel) || !channel.guild_id) return null;
      const deleted = payload.t === GatewayDispatchEvents.ChannelDelete;
      // Unknown overwrites count as private: only a channel known to be public is streamed.
      const isPublic = deleted ? null : (visibleToEveryone(channel.guild_id, 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? false);
      return {
        guildId: channel.guild_id,
        event: { kind: 'channel', eventId: `channel:${channel.guild_id}:${sessionId}:${payload.s}`, bot, channelId: channel.id, public: isPublic },
      };
    }
    case GatewayDispatchEvents.GuildRoleCreate:
    case GatewayDispatchEvents.GuildRoleUpdate:
    case GatewayDispatchEvents.GuildRoleDelete: {
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
    default:
      return null;
  }
}

function channelsOf(guildId: string, channels: readonly APIChannel[]): { id: string; public: boolean }[] {
  return channels.map((channel) => ({
    id: channel.id,
    public: visibleToEveryone(guildId, 'permission_overwrites' in channel ? channel.permission_overwrites : undefined) ?? false,
  }));
}
