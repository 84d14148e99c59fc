// The AutoMod bridge for one guild: keeps the Discord AutoMod rules Herald owns (named "Herald: …", created
// by its bot) in step with the offline rules, on settings changes only (never per message), and logs
// AutoMod's executions in the moderation log with source "automod". The owner's own rules are never touched.
// The sync runs from the actor's alarm ('moderation' timer, key AUTOMOD_SYNC_KEY): retried on a rate limit,
// and the settings PATCH never waits on Discord.

import type { APIAutoModerationRule } from 'discord-api-types/v10';
import { AutoModerationActionType, AutoModerationRuleTriggerType } from 'discord-api-types/v10';
import { DiscordApiError, RateLimitedError } from '../discord/rest';
import { log, logError } from '../log';
import { AUTOMOD_LIMITS, AUTOMOD_NAME_PREFIX, compileAutomod } from '../moderation/automod';
import { parseRules } from '../moderation/rules';
import type { GuildDiscord } from './discord-output';
import type { AutomodExecutionEvent } from './events';
import type { GuildSettings } from './settings';

export const AUTOMOD_SYNC_KEY = 'automod-sync';

/** What the owner sees of the bridge (in the preview's `automod`). */
export interface AutomodStatus {
  enabled: boolean;
  /** When Herald last synced (ISO time), or null. */
  syncedAt: string | null;
  /** Herald's rules on Discord after the last sync. */
  rules: { id: string; name: string }[];
  notFitting: string[];
  /** Why the last sync failed (e.g. the Manage Server permission is missing), or null. */
  problem: string | null;
}

const STATUS_KEY = 'automod_status';

export class AutomodBridge {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly discord: GuildDiscord,
  ) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** Whether a settings change needs a sync: the bridge is or was on, and something it mirrors changed. */
  static needsSync(before: GuildSettings['moderation'], after: GuildSettings['moderation']): boolean {
    if (!before.automod && !after.automod) return false;
    const mirrored = (m: GuildSettings['moderation']) =>
      JSON.stringify([m.enabled && m.automod, m.rules, m.review.channelId, m.exemptRoleIds, m.exemptChannelIds]);
    return mirrored(before) !== mirrored(after);
  }

  /** A save after a failed sync (the owner granted Manage Server, say) tries again even if nothing changed. */
  retryWanted(after: GuildSettings['moderation']): boolean {
    return after.enabled && after.automod && this.status()?.problem != null;
  }

  status(): AutomodStatus | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM kv WHERE key = ?', STATUS_KEY).toArray()[0];
    return row ? (JSON.parse(row.value) as AutomodStatus) : null;
  }

  private saveStatus(status: AutomodStatus): void {
    this.sql.exec('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', STATUS_KEY, JSON.stringify(status));
  }

  /** Brings Discord's AutoMod rules in step with the settings (the bridge off: removes Herald's rules). */
  async sync(guildId: string, settings: GuildSettings): Promise<void> {
    const m = settings.moderation;
    const enabled = m.enabled && m.automod;
    const status: AutomodStatus = { enabled, syncedAt: new Date().toISOString(), rules: [], notFitting: [], problem: null };
    const rest = this.discord.rest();
    if (!rest) {
      this.saveStatus({ ...status, problem: 'no bot token configured' });
      return;
    }
    try {
      const me = await rest.get<{ id: string }>('/users/@me');
      const existing = await rest.get<APIAutoModerationRule[]>(`/guilds/${guildId}/auto-moderation/rules`);
      const own = existing.filter((rule) => rule.creator_id === me.id && rule.name.startsWith(AUTOMOD_NAME_PREFIX));
      const ownersKeywordRules = existing.filter((rule) => !own.includes(rule) && rule.trigger_type === AutoModerationRuleTriggerType.Keyword).length;
      const compiled = enabled
        ? compileAutomod(parseRules(m.rules), {
            alertChannelId: m.review.channelId,
            keywordRuleSlots: AUTOMOD_LIMITS.keywordRulesPerGuild - ownersKeywordRules,
            exemptRoleIds: m.exemptRoleIds,
            exemptChannelIds: m.exemptChannelIds,
          })
        : { rules: [], notFitting: [] };
      status.notFitting = compiled.notFitting;
      for (const stale of own.filter((rule) => !compiled.rules.some((wanted) => wanted.name === rule.name))) {
        await rest.delete(`/guilds/${guildId}/auto-moderation/rules/${stale.id}`, { reason: 'Herald: AutoMod bridge rule no longer needed' });
      }
      for (const wanted of compiled.rules) {
        const current = own.find((rule) => rule.name === wanted.name);
        const { trigger_type: _fixed, event_type: _event, ...changes } = wanted.body;
        const saved = current
          ? await rest.patch<APIAutoModerationRule>(`/guilds/${guildId}/auto-moderation/rules/${current.id}`, { body: changes, reason: 'Herald: rules changed' })
          : await rest.post<APIAutoModerationRule>(`/guilds/${guildId}/auto-moderation/rules`, { body: wanted.body, reason: 'Herald: AutoMod bridge' });
        status.rules.push({ id: saved.id, name: saved.name });
      }
      log('GuildActor.automodSynced', { guildId, enabled, rules: status.rules.length, notFitting: status.notFitting.length });
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      const missing = error instanceof DiscordApiError && (error.status === 403 || error.code === 50013);
      status.problem = missing
        ? 'Herald needs the Manage Server permission to manage AutoMod rules; grant it and save the settings again'
        : `AutoMod sync failed: ${error instanceof DiscordApiError ? error.outcome : String(error)}`;
      logError('GuildActor.automodSync', error, { guildId, problem: status.problem });
    }
    this.saveStatus(status);
  }

  /** A block by AutoMod becomes a moderation-log entry (alerts and timeouts of the same trigger are not repeated). */
  recordExecution(event: AutomodExecutionEvent): void {
    if (event.actionType !== AutoModerationActionType.BlockMessage) return;
    const herald = this.status()?.rules.find((rule) => rule.id === event.ruleId);
    const rule = herald?.name ?? `AutoMod rule ${event.ruleId}`;
    const matched = event.matchedKeyword ? ` (matched "${event.matchedKeyword}")` : '';
    this.sql.exec(
      `INSERT INTO moderation_log (action, reason, rule, user_id, channel_id, message_id, content, at, outcome, source, escalated, also_deleted, quote)
       VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, 'done', 'automod', 0, 0, ?)`,
      `Blocked by Discord AutoMod before it was posted${matched}.`,
      rule,
      event.userId,
      event.channelId ?? '',
      event.messageId ?? '',
      event.content,
      Date.now(),
      event.matchedContent ?? '',
    );
  }
}
