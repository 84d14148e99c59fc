// The shared pieces every router needs, plus the helpers that turn state changes into gateway events.
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from './discord-enums.js';
import { effectivePermissions } from './threads.js';
import type { APIBan, APIGuildForumChannel, APIGuildMember, APITextChannel, APIUser, GatewayGuildBanAddDispatchData, GatewayGuildMemberRemoveDispatchData, GatewayGuildMemberUpdateDispatchData, GatewayMessageDeleteBulkDispatchData, GatewayMessageDeleteDispatchData } from 'discord-api-types/v10';
import type { GatewayServer } from './gateway.js';
import type { AppSigners } from './interactions.js';
import { messageDispatchData } from './messages.js';
import type { SimStore } from './store.js';
import type { ResolvedOptions, SimChannel, SimGuild, StoredMessage } from './types.js';

export interface SimContext {
  store: SimStore;
  gateway: GatewayServer;
  opts: ResolvedOptions;
  /** Each application's interaction-signing key. */
  signers: AppSigners;
  /** Filled in once the server listens. */
  urls: { url: string; apiBase: string; gatewayUrl: string };
}

/** Who hears about a channel's messages: the guild's bots that can view the channel, or the DM's bot. */
function messageTarget(ctx: SimContext, channel: SimChannel) {
  if (!channel.guildId) return { guildId: null, intent: GatewayIntentBits.DirectMessages, botUserIds: channel.dmBotId ? [channel.dmBotId] : [] };
  const guild = ctx.store.guilds.get(channel.guildId);
  const viewers = ctx.store.bots.filter((bot) => {
    const member = guild?.members.get(bot.userId);
    return guild && member && (effectivePermissions(ctx.store, guild, channel, member) & PermissionFlagsBits.ViewChannel) !== 0n;
  });
  return { guildId: channel.guildId, intent: GatewayIntentBits.GuildMessages, botUserIds: viewers.map((bot) => bot.userId) };
}

export function announceMessage(ctx: SimContext, channel: SimChannel, stored: StoredMessage, kind: 'create' | 'update'): void {
  ctx.store.emit({ kind: kind === 'create' ? 'message_create' : 'message_update', channelId: channel.channel.id, messageId: stored.message.id });
  // Ephemeral replies exist only for the invoking user, never on the gateway.
  if (stored.ephemeral) return;
  const t = kind === 'create' ? GatewayDispatchEvents.MessageCreate : GatewayDispatchEvents.MessageUpdate;
  ctx.gateway.dispatch(messageTarget(ctx, channel), t, (bot, intents) => messageDispatchData(ctx.store, stored, bot, intents));
}

/** Removes messages from the channel and announces MESSAGE_DELETE (one) or MESSAGE_DELETE_BULK (several). */
export function deleteMessages(ctx: SimContext, channel: SimChannel, ids: string[]): void {
  const gone = new Set(ids);
  const visible = channel.messages.filter((m) => gone.has(m.message.id) && !m.ephemeral).map((m) => m.message.id);
  channel.messages = channel.messages.filter((m) => !gone.has(m.message.id));
  for (const id of ids) ctx.store.emit({ kind: 'message_delete', channelId: channel.channel.id, messageId: id });
  if (visible.length === 0) return;
  const guild = channel.guildId ? { guild_id: channel.guildId } : {};
  if (visible.length === 1) {
    const d: GatewayMessageDeleteDispatchData = { id: visible[0] ?? '', channel_id: channel.channel.id, ...guild };
    ctx.gateway.dispatch(messageTarget(ctx, channel), GatewayDispatchEvents.MessageDelete, () => d);
  } else {
    const d: GatewayMessageDeleteBulkDispatchData = { ids: visible, channel_id: channel.channel.id, ...guild };
    ctx.gateway.dispatch(messageTarget(ctx, channel), GatewayDispatchEvents.MessageDeleteBulk, () => d);
  }
}

export function announceMemberAdd(ctx: SimContext, guild: SimGuild, member: APIGuildMember): void {
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.GuildMembers }, GatewayDispatchEvents.GuildMemberAdd, () => ({
    ...member,
    guild_id: guild.id,
  }));
}

export function announceMemberUpdate(ctx: SimContext, guild: SimGuild, member: APIGuildMember): void {
  const d: GatewayGuildMemberUpdateDispatchData = { ...member, avatar: member.avatar ?? null, banner: member.banner ?? null, guild_id: guild.id, joined_at: member.joined_at ?? null };
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.GuildMembers }, GatewayDispatchEvents.GuildMemberUpdate, () => d);
}

export function announceMemberRemove(ctx: SimContext, guild: SimGuild, user: APIUser): void {
  const d: GatewayGuildMemberRemoveDispatchData = { guild_id: guild.id, user };
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.GuildMembers }, GatewayDispatchEvents.GuildMemberRemove, () => d);
}

export function announceBan(ctx: SimContext, guild: SimGuild, ban: APIBan, added: boolean): void {
  const d: GatewayGuildBanAddDispatchData = { guild_id: guild.id, user: ban.user };
  const t = added ? GatewayDispatchEvents.GuildBanAdd : GatewayDispatchEvents.GuildBanRemove;
  ctx.gateway.dispatch({ guildId: guild.id, intent: GatewayIntentBits.GuildModeration }, t, () => d);
}

export function announceChannelCreate(ctx: SimContext, channel: APITextChannel | APIGuildForumChannel): void {
  const guildId = channel.guild_id ?? null;
  ctx.gateway.dispatch({ guildId, intent: GatewayIntentBits.Guilds }, GatewayDispatchEvents.ChannelCreate, () => channel);
}
