// Discord-shaped objects derived from simulator state (guilds, GUILD_CREATE, application).
import { GuildDefaultMessageNotifications, GuildExplicitContentFilter, GuildMFALevel, GuildNSFWLevel, GuildPremiumTier, GuildVerificationLevel, Locale } from './discord-enums.js';
import type { APIApplication, APIGuild, APIUser, ApplicationFlags, GatewayGuildCreateDispatchData, GuildSystemChannelFlags } from 'discord-api-types/v10';
import type { SimStore } from './store.js';
import { activeThreadsFor } from './threads.js';
import type { SimBot, SimGuild } from './types.js';

export function guildObject(store: SimStore, guild: SimGuild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channelIds[0] ?? null,
    // No system channel flags set.
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500000,
    widget_enabled: false,
  };
}

/** GUILD_CREATE as a bot receives it when it connects or joins (full guild, available). */
export function guildCreateData(store: SimStore, guild: SimGuild, bot: SimBot): GatewayGuildCreateDispatchData {
  const members = [...guild.members.values()];
  return {
    ...guildObject(store, guild),
    joined_at: guild.members.get(bot.userId)?.joined_at ?? new Date().toISOString(),
    large: members.length > 250,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    // Like Discord, large guilds only ship a subset of members (always including the bot itself).
    members: members.length > 250 ? members.filter((m) => m.user.id === bot.userId) : members,
    channels: store.guildChannels(guild),
    threads: activeThreadsFor(store, guild, bot),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function botUser(store: SimStore, bot: SimBot): APIUser {
  return store.users.get(bot.userId) ?? { id: bot.userId, username: bot.username, discriminator: '0', global_name: null, avatar: null, bot: true };
}

export function applicationObject(store: SimStore, bot: SimBot, publicKey: string): APIApplication {
  return {
    id: bot.applicationId,
    name: bot.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    bot: botUser(store, bot),
    summary: '',
    verify_key: publicKey,
    team: null,
    // No application flags set.
    flags: 0 as ApplicationFlags,
    flags_new: '0',
    approximate_guild_count: [...store.guilds.values()].filter((g) => g.botAppIds.has(bot.applicationId)).length,
    interactions_endpoint_url: bot.interactionsEndpointUrl ?? null,
  };
}
