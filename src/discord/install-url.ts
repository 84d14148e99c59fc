// The bot's OAuth2 install link, asking only for the permissions the enabled features need: a server
// admin sees exactly what Herald can do, and Discord refuses actions it wasn't granted.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ModerationActions } from '../guild/settings';

export interface InstallFeatures {
  moderation: boolean;
  /** Which moderation actions are enabled; all of them when omitted. */
  actions?: ModerationActions;
  /** The AutoMod bridge manages AutoMod rules, which needs Manage Server (asked only when it is on). */
  automod?: boolean;
}

export interface InstallUrlInput {
  applicationId: string;
  features: InstallFeatures;
  /** Preselects (and locks) the server to install into. */
  guildId?: string;
  /** DISCORD_OAUTH_URL (contract §1); Discord's own page by default. */
  authorizeUrl?: string;
}

// Reading channels and answering in them and their threads (with embeds for sources) is always needed.
const BASE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks;

export function permissionsFor(features: InstallFeatures): bigint {
  let permissions = BASE_PERMISSIONS;
  if (!features.moderation) return permissions;
  const actions = features.actions ?? { delete: true, warn: true, timeout: true, kick: true, ban: true };
  // A warning is just a message, so it needs nothing beyond the base permissions.
  if (actions.delete) permissions |= PermissionFlagsBits.ManageMessages;
  if (actions.timeout) permissions |= PermissionFlagsBits.ModerateMembers;
  if (actions.kick) permissions |= PermissionFlagsBits.KickMembers;
  if (actions.ban) permissions |= PermissionFlagsBits.BanMembers;
  if (features.automod === true) permissions |= PermissionFlagsBits.ManageGuild;
  return permissions;
}

export function installUrl(input: InstallUrlInput): string {
  const params = new URLSearchParams({
    client_id: input.applicationId,
    scope: 'bot applications.commands',
    permissions: permissionsFor(input.features).toString(),
  });
  if (input.guildId) {
    params.set('guild_id', input.guildId);
    params.set('disable_guild_select', 'true');
  }
  return `${input.authorizeUrl ?? 'https://discord.com/oauth2/authorize'}?${params.toString()}`;
}
