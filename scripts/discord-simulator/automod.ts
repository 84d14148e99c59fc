// AutoMod as Discord runs it: rules CRUD under /guilds/:gid/auto-moderation/rules (Manage Server required,
// Discord's validation and limits), and keyword / regex / mention-spam matching that blocks a member's
// message before it exists (no MESSAGE_CREATE), emits AUTO_MODERATION_ACTION_EXECUTION for each action to
// sessions with the AUTO_MODERATION_EXECUTION intent, and posts the alert (type 24) in the alert channel.

import type { APIAutoModerationAction, APIAutoModerationRule, APIGuildMember, GatewayAutoModerationActionExecutionDispatchData } from 'discord-api-types/v10';
import { announceMessage, type SimContext } from './context.js';
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from './discord-enums.js';
import { DiscordError, Errors, isRecord } from './http-util.js';
import { createMessage } from './messages.js';
import { memberPermissions } from './permissions.js';
import { guildFor, jsonBody, noContent, ok, param, requireBot, restRoute, type RestRequest, type RestRoute } from './rest-common.js';
import { snowflake } from './snowflake.js';
import type { SimStore } from './store.js';
import type { SimChannel, SimGuild } from './types.js';

// Discord's limits (docs: auto-moderation, trigger metadata field limits and rules per trigger type).
export const AUTOMOD_LIMITS = {
  keywordsPerRule: 1000,
  keywordChars: 60,
  regexPerRule: 10,
  regexChars: 260,
  allowListPerRule: 100,
  customMessageChars: 150,
  mentionTotalLimit: 50,
  nameChars: 100,
  rulesPerType: { 1: 6, 3: 1, 4: 1, 5: 1, 6: 1 } as Record<number, number>,
} as const;

const TRIGGER = { Keyword: 1, Spam: 3, KeywordPreset: 4, MentionSpam: 5, MemberProfile: 6 } as const;
const ACTION = { BlockMessage: 1, SendAlertMessage: 2, Timeout: 3, BlockMemberInteraction: 4 } as const;
const AUTO_MODERATION_ACTION_MESSAGE = 24;

const rulesByStore = new WeakMap<SimStore, Map<string, APIAutoModerationRule[]>>();

export function guildRules(store: SimStore, guildId: string): APIAutoModerationRule[] {
  let byGuild = rulesByStore.get(store);
  if (!byGuild) rulesByStore.set(store, (byGuild = new Map()));
  let rules = byGuild.get(guildId);
  if (!rules) byGuild.set(guildId, (rules = []));
  return rules;
}

function requireManageGuild(ctx: SimContext, req: RestRequest): SimGuild {
  const guild = guildFor(ctx, req);
  const bot = guild.members.get(requireBot(req).userId);
  if (!bot || (memberPermissions(guild, bot) & PermissionFlagsBits.ManageGuild) === 0n) throw Errors.missingPermissions();
  return guild;
}

function invalid(field: string, message: string, code = 'BASE_TYPE_BAD_VALUE'): DiscordError {
  return Errors.invalidForm(field, code, message);
}

function stringList(value: unknown, field: string, max: number, maxChars: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, 'Must be an array.', 'BASE_TYPE_LIST');
  if (value.length > max) throw invalid(field, `Must be ${max} or fewer in length.`, 'BASE_TYPE_MAX_LENGTH');
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item.length === 0) throw invalid(`${field}.${index}`, 'Must be a non-empty string.', 'BASE_TYPE_STRING');
    if (item.length > maxChars) throw invalid(`${field}.${index}`, `Must be ${maxChars} or fewer in length.`, 'BASE_TYPE_MAX_LENGTH');
  });
  return value as string[];
}

function parseActions(ctx: SimContext, guild: SimGuild, value: unknown): APIAutoModerationAction[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('actions', 'This field is required', 'BASE_TYPE_REQUIRED');
  return value.map((action, index) => {
    if (!isRecord(action) || ![1, 2, 3, 4].includes(action.type as number)) throw invalid(`actions.${index}.type`, 'Value must be one of {1, 2, 3, 4}.', 'BASE_TYPE_CHOICES');
    const metadata = isRecord(action.metadata) ? action.metadata : {};
    if (action.type === ACTION.BlockMessage) {
      const message = metadata.custom_message;
      if (message !== undefined && (typeof message !== 'string' || message.length > AUTOMOD_LIMITS.customMessageChars)) {
        throw invalid(`actions.${index}.metadata.custom_message`, `Must be ${AUTOMOD_LIMITS.customMessageChars} or fewer in length.`, 'BASE_TYPE_MAX_LENGTH');
      }
      return { type: ACTION.BlockMessage, metadata: typeof message === 'string' ? { custom_message: message } : {} } as APIAutoModerationAction;
    }
    if (action.type === ACTION.SendAlertMessage) {
      const channel = typeof metadata.channel_id === 'string' ? ctx.store.channels.get(metadata.channel_id) : undefined;
      if (!channel || channel.guildId !== guild.id) throw invalid(`actions.${index}.metadata.channel_id`, 'Unknown channel.', 'CHANNEL_INVALID');
      return { type: ACTION.SendAlertMessage, metadata: { channel_id: metadata.channel_id } } as APIAutoModerationAction;
    }
    if (action.type === ACTION.Timeout) {
      const seconds = metadata.duration_seconds;
      if (typeof seconds !== 'number' || seconds < 0 || seconds > 2_419_200) throw invalid(`actions.${index}.metadata.duration_seconds`, 'Must be between 0 and 2419200.');
      return { type: ACTION.Timeout, metadata: { duration_seconds: seconds } } as APIAutoModerationAction;
    }
    return { type: ACTION.BlockMemberInteraction } as APIAutoModerationAction;
  });
}

function parseTriggerMetadata(triggerType: number, value: unknown): APIAutoModerationRule['trigger_metadata'] {
  const metadata = isRecord(value) ? value : {};
  if (triggerType === TRIGGER.Keyword) {
    const keyword_filter = stringList(metadata.keyword_filter, 'trigger_metadata.keyword_filter', AUTOMOD_LIMITS.keywordsPerRule, AUTOMOD_LIMITS.keywordChars);
    const regex_patterns = stringList(metadata.regex_patterns, 'trigger_metadata.regex_patterns', AUTOMOD_LIMITS.regexPerRule, AUTOMOD_LIMITS.regexChars);
    regex_patterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'iu');
      } catch {
        throw invalid(`trigger_metadata.regex_patterns.${index}`, 'Invalid regex pattern.', 'AUTO_MODERATION_INVALID_REGEX');
      }
    });
    const allow_list = stringList(metadata.allow_list, 'trigger_metadata.allow_list', AUTOMOD_LIMITS.allowListPerRule, AUTOMOD_LIMITS.keywordChars);
    if (keyword_filter.length === 0 && regex_patterns.length === 0) throw invalid('trigger_metadata', 'A keyword rule needs keyword_filter or regex_patterns.');
    return { keyword_filter, regex_patterns, allow_list };
  }
  if (triggerType === TRIGGER.MentionSpam) {
    const limit = metadata.mention_total_limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > AUTOMOD_LIMITS.mentionTotalLimit) {
      throw invalid('trigger_metadata.mention_total_limit', `Must be between 1 and ${AUTOMOD_LIMITS.mentionTotalLimit}.`);
    }
    return { mention_total_limit: limit, mention_raid_protection_enabled: metadata.mention_raid_protection_enabled === true };
  }
  return {};
}

function createRule(ctx: SimContext, req: RestRequest) {
  const guild = requireManageGuild(ctx, req);
  const body = jsonBody(req);
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > AUTOMOD_LIMITS.nameChars) throw invalid('name', `Must be between 1 and ${AUTOMOD_LIMITS.nameChars} in length.`, 'BASE_TYPE_BAD_LENGTH');
  if (body.event_type !== 1) throw invalid('event_type', 'Value must be one of {1}.', 'BASE_TYPE_CHOICES');
  const triggerType = body.trigger_type as number;
  if (!(triggerType in AUTOMOD_LIMITS.rulesPerType)) throw invalid('trigger_type', 'Value must be one of {1, 3, 4, 5, 6}.', 'BASE_TYPE_CHOICES');
  const rules = guildRules(ctx.store, guild.id);
  if (rules.filter((r) => r.trigger_type === triggerType).length >= (AUTOMOD_LIMITS.rulesPerType[triggerType] ?? 0)) {
    throw invalid('trigger_type', 'Maximum number of rules of this trigger type reached.', 'AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED');
  }
  const rule = {
    id: snowflake(),
    guild_id: guild.id,
    name,
    creator_id: requireBot(req).userId,
    event_type: 1,
    trigger_type: triggerType,
    trigger_metadata: parseTriggerMetadata(triggerType, body.trigger_metadata),
    actions: parseActions(ctx, guild, body.actions),
    enabled: body.enabled !== false,
    exempt_roles: Array.isArray(body.exempt_roles) ? (body.exempt_roles as string[]) : [],
    exempt_channels: Array.isArray(body.exempt_channels) ? (body.exempt_channels as string[]) : [],
  } as APIAutoModerationRule;
  rules.push(rule);
  return ok(rule);
}

function ruleOf(ctx: SimContext, req: RestRequest): { guild: SimGuild; rules: APIAutoModerationRule[]; rule: APIAutoModerationRule } {
  const guild = requireManageGuild(ctx, req);
  const rules = guildRules(ctx.store, guild.id);
  const rule = rules.find((r) => r.id === param(req, 'rid'));
  if (!rule) throw new DiscordError(404, 10066, 'Unknown Auto Moderation Rule');
  return { guild, rules, rule };
}

function modifyRule(ctx: SimContext, req: RestRequest) {
  const { guild, rule } = ruleOf(ctx, req);
  const body = jsonBody(req);
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > AUTOMOD_LIMITS.nameChars) throw invalid('name', `Must be between 1 and ${AUTOMOD_LIMITS.nameChars} in length.`, 'BASE_TYPE_BAD_LENGTH');
    rule.name = body.name;
  }
  if (body.trigger_metadata !== undefined) rule.trigger_metadata = parseTriggerMetadata(rule.trigger_type, body.trigger_metadata);
  if (body.actions !== undefined) rule.actions = parseActions(ctx, guild, body.actions);
  if (typeof body.enabled === 'boolean') rule.enabled = body.enabled;
  if (Array.isArray(body.exempt_roles)) rule.exempt_roles = body.exempt_roles as string[];
  if (Array.isArray(body.exempt_channels)) rule.exempt_channels = body.exempt_channels as string[];
  return ok(rule);
}

function deleteRule(ctx: SimContext, req: RestRequest) {
  const { rules, rule } = ruleOf(ctx, req);
  rules.splice(rules.indexOf(rule), 1);
  return noContent;
}

export const automodRoutes: RestRoute[] = [
  restRoute('GET', '/guilds/:gid/auto-moderation/rules', (ctx, req) => ok(guildRules(ctx.store, requireManageGuild(ctx, req).id))),
  restRoute('POST', '/guilds/:gid/auto-moderation/rules', createRule),
  restRoute('GET', '/guilds/:gid/auto-moderation/rules/:rid', (ctx, req) => ok(ruleOf(ctx, req).rule)),
  restRoute('PATCH', '/guilds/:gid/auto-moderation/rules/:rid', modifyRule),
  restRoute('DELETE', '/guilds/:gid/auto-moderation/rules/:rid', deleteRule),
];

// ---- matching -------------------------------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Discord's keyword wildcards (case-insensitive): `*word*` anywhere, `word*` a word starting with it,
 * `*word` a word ending with it, and otherwise the whole word (or phrase) surrounded by non-word characters.
 */
export function keywordMatch(content: string, keyword: string): string | null {
  const starts = keyword.startsWith('*');
  const ends = keyword.endsWith('*') && keyword.length > 1;
  const core = escapeRegExp(keyword.slice(starts ? 1 : 0, ends ? -1 : undefined).toLowerCase());
  if (core === '') return null;
  const left = starts ? '[\\p{L}\\p{N}_]*' : '(?<![\\p{L}\\p{N}_])';
  const right = ends ? '[\\p{L}\\p{N}_]*' : '(?![\\p{L}\\p{N}_])';
  const pattern = starts && ends ? core : `${left}${core}${right}`;
  return new RegExp(pattern, 'iu').exec(content)?.[0] ?? null;
}

interface Trigger {
  rule: APIAutoModerationRule;
  keyword: string | null;
  matched: string | null;
}

function triggerOf(rule: APIAutoModerationRule, content: string, mentions: number): Trigger | null {
  const metadata = rule.trigger_metadata;
  if (rule.trigger_type === TRIGGER.Keyword) {
    const allowed = (metadata.allow_list ?? []).some((word) => keywordMatch(content, word) !== null);
    if (allowed) return null;
    for (const keyword of metadata.keyword_filter ?? []) {
      const matched = keywordMatch(content, keyword);
      if (matched !== null) return { rule, keyword, matched };
    }
    for (const pattern of metadata.regex_patterns ?? []) {
      const matched = new RegExp(pattern, 'iu').exec(content)?.[0];
      if (matched !== undefined) return { rule, keyword: pattern, matched };
    }
    return null;
  }
  if (rule.trigger_type === TRIGGER.MentionSpam && metadata.mention_total_limit !== undefined && mentions > metadata.mention_total_limit) {
    return { rule, keyword: null, matched: null };
  }
  return null;
}

export interface AutomodBlock {
  blocked: true;
  ruleId: string;
  ruleName: string;
  matchedKeyword: string | null;
  matchedContent: string | null;
  /** The block message the member sees (Discord shows it only to them). */
  customMessage: string | null;
}

/**
 * Runs the guild's enabled MESSAGE_SEND rules on a member's message. Members with Administrator or Manage
 * Server, exempt roles and exempt channels are not checked (as on Discord). Returns the block, or null.
 */
export function automodCheck(ctx: SimContext, guild: SimGuild, channel: SimChannel, member: APIGuildMember, content: string): AutomodBlock | null {
  const permissions = memberPermissions(guild, member);
  if ((permissions & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n || member.user.id === guild.ownerId) return null;
  const mentions = new Set([...content.matchAll(/<@!?(\d+)>|<@&(\d+)>/g)].map((m) => m[0])).size;
  let block: AutomodBlock | null = null;
  for (const rule of guildRules(ctx.store, guild.id)) {
    if (!rule.enabled || rule.exempt_channels.includes(channel.channel.id) || rule.exempt_roles.some((role) => member.roles.includes(role))) continue;
    const trigger = triggerOf(rule, content, mentions);
    if (!trigger) continue;
    for (const action of rule.actions) execute(ctx, guild, channel, member, content, trigger, action);
    const blocking = rule.actions.find((action) => action.type === ACTION.BlockMessage);
    if (blocking && !block) {
      const custom = (blocking.metadata as { custom_message?: string } | undefined)?.custom_message ?? null;
      block = { blocked: true, ruleId: rule.id, ruleName: rule.name, matchedKeyword: trigger.keyword, matchedContent: trigger.matched, customMessage: custom };
    }
  }
  return block;
}

function execute(ctx: SimContext, guild: SimGuild, channel: SimChannel, member: APIGuildMember, content: string, trigger: Trigger, action: APIAutoModerationAction): void {
  let alertMessageId: string | undefined;
  if (action.type === ACTION.SendAlertMessage) {
    const alertChannel = ctx.store.channels.get((action.metadata as { channel_id?: string } | undefined)?.channel_id ?? '');
    if (alertChannel) {
      const stored = createMessage(ctx.store, {
        channel: alertChannel,
        author: member.user,
        type: AUTO_MODERATION_ACTION_MESSAGE as never,
        body: {
          content: '',
          embeds: [
            {
              type: 'auto_moderation_message' as never,
              description: content,
              fields: [
                { name: 'rule_name', value: trigger.rule.name },
                { name: 'channel_id', value: channel.channel.id },
                ...(trigger.keyword ? [{ name: 'keyword', value: trigger.keyword }] : []),
              ],
            },
          ],
        },
      });
      alertMessageId = stored.message.id;
      announceMessage(ctx, alertChannel, stored, 'create');
    }
  }
  if (action.type === ACTION.Timeout) {
    const seconds = (action.metadata as { duration_seconds?: number } | undefined)?.duration_seconds ?? 60;
    member.communication_disabled_until = new Date(Date.now() + seconds * 1000).toISOString();
  }
  const data: GatewayAutoModerationActionExecutionDispatchData = {
    guild_id: guild.id,
    action,
    rule_id: trigger.rule.id,
    rule_trigger_type: trigger.rule.trigger_type,
    user_id: member.user.id,
    channel_id: channel.channel.id,
    content,
    matched_keyword: trigger.keyword,
    matched_content: trigger.matched,
    ...(alertMessageId ? { alert_system_message_id: alertMessageId } : {}),
  };
  // Only bots that can manage the guild receive executions (Discord requires Manage Server for them).
  const managers = ctx.store.bots.filter((bot) => {
    const botMember = guild.members.get(bot.userId);
    return botMember !== undefined && (memberPermissions(guild, botMember) & PermissionFlagsBits.ManageGuild) !== 0n;
  });
  ctx.gateway.dispatch(
    { guildId: guild.id, intent: GatewayIntentBits.AutoModerationExecution, botUserIds: managers.map((bot) => bot.userId) },
    GatewayDispatchEvents.AutoModerationActionExecution,
    () => data,
  );
}
