// The bot's OAuth2 install link, asking only for the permissions the enabled features need: a server
// admin sees exactly what Herald can do, and Discord refuses actions it wasn't granted.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ModerationActions } from '../guild/settings.js';

export interface InstallFeatures {
  moderation: boolean;
  /** Which moderation actions are enabled; all of them when omitted. */
  actions?: ModerationActions;
  /** Answers a question in a new public thread started from it (`autoThread`). */
  autoThread?: boolean;
  /** Answers forum posts, tagging and archiving their threads (`forums`). */
  forums?: boolean;
  /** Mirrors the rules into Discord AutoMod (`moderation.automod`). */
  automod?: boolean;
  /** Escalations open private ticket threads (`tickets`). */
  tickets?: boolean;
}

export interface InstallUrlInput {
  applicationId: string;
  features: InstallFeatures;
  /** Preselects (and locks) the server to install into. */
  guildId?: string;
  /** DISCORD_OAUTH_URL (contract §1); Discord's own page by default. */
  authorizeUrl?: string;
}

/** One permission a feature needs, with names a server owner recognises (as Discord's settings show them). */
export interface PermissionNeed {
  permission: bigint;
  /** The permission's name in Discord's role settings. */
  name: string;
  /** The Herald feature that needs it. */
  feature: string;
}

// The single list of what each feature needs: the install link asks for it and `npm run doctor` checks it.
// Reading channels and answering in them and their threads (with embeds for sources) is always needed.
const ANSWERING: readonly PermissionNeed[] = [
  { permission: PermissionFlagsBits.ViewChannel, name: 'View Channels', feature: 'answering' },
  { permission: PermissionFlagsBits.SendMessages, name: 'Send Messages', feature: 'answering' },
  { permission: PermissionFlagsBits.SendMessagesInThreads, name: 'Send Messages in Threads', feature: 'answering' },
  { permission: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History', feature: 'answering' },
  { permission: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', feature: 'answering' },
];

/** Every permission the features need, in a stable order, each once (the first feature that needs it names it). */
export function permissionNeeds(features: InstallFeatures): PermissionNeed[] {
  const needs: PermissionNeed[] = [...ANSWERING];
  const need = (permission: bigint, name: string, feature: string) => {
    if (!needs.some((n) => n.permission === permission)) needs.push({ permission, name, feature });
  };
  if (features.autoThread) need(PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads', 'autoThread');
  if (features.forums) need(PermissionFlagsBits.ManageThreads, 'Manage Threads', 'forums (tags and archiving)');
  if (features.tickets) need(PermissionFlagsBits.CreatePrivateThreads, 'Create Private Threads', 'tickets');
  if (features.moderation) {
    const actions = features.actions ?? { delete: true, warn: true, timeout: true, kick: true, ban: true };
    // A warning is just a message, so it needs nothing beyond answering's permissions.
    if (actions.delete) need(PermissionFlagsBits.ManageMessages, 'Manage Messages', 'moderation: delete');
    if (actions.timeout) need(PermissionFlagsBits.ModerateMembers, 'Timeout Members', 'moderation: timeout');
    if (actions.kick) need(PermissionFlagsBits.KickMembers, 'Kick Members', 'moderation: kick');
    if (actions.ban) need(PermissionFlagsBits.BanMembers, 'Ban Members', 'moderation: ban');
    if (features.automod) need(PermissionFlagsBits.ManageGuild, 'Manage Server', 'moderation: automod');
  }
  return needs;
}

/**
 * What a guild's settings (as GET settings returns them) switch on. Read loosely, so a setting a later version
 * adds (forums, tickets, moderation.automod) counts wherever it exists: the install link and the doctor agree.
 */
export function installFeaturesOf(settings: unknown): InstallFeatures {
  const s = record(settings);
  const moderation = record(s.moderation);
  const actions = record(moderation.actions);
  const on = (value: unknown) => value === true;
  return {
    moderation: on(moderation.enabled),
    actions: { delete: on(actions.delete), warn: on(actions.warn), timeout: on(actions.timeout), kick: on(actions.kick), ban: on(actions.ban) },
    autoThread: on(s.autoThread),
    forums: on(record(s.forums).enabled),
    automod: on(moderation.automod),
    tickets: on(record(s.tickets).enabled),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Everything Herald can do: the install link when no guild's settings are known yet. */
export const EVERY_FEATURE: InstallFeatures = Object.freeze({ moderation: true, autoThread: true, forums: true, automod: true, tickets: true });

export function permissionsFor(features: InstallFeatures): bigint {
  return permissionNeeds(features).reduce((all, n) => all | n.permission, 0n);
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
