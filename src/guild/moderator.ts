// Moderation for one guild: checks each member message (deterministic rules first, then the AI judge when a
// model is configured), decides with `decideModeration`, acts on Discord, and writes the moderation log.
// A failed action is logged as the outcome and never stops the actor.

import { PermissionFlagsBits, type APIUser } from 'discord-api-types/v10';
import type { MemberMessage } from './events';
import { DiscordApiError, RateLimitedError } from '../discord/rest';
import { safeAllowedMentions } from '../discord/messages';
import { log, logError } from '../log';
import { checkMessage } from '../moderation/checks';
import { priorViolations } from '../moderation/ladder';
import { describeRules, previewDecision, type PreviewDecision, type PreviewMessage, type PreviewRule } from '../moderation/preview';
import { decideModeration, type ModerationDecision, type Proposal } from '../moderation/decide';
import { verifyJudgement, type JudgeAnswer } from '../moderation/judge-verify';
import { appealButton, APPROVED, needsReview, PENDING_REVIEW, reviewCard, type CardEntry } from '../moderation/review';
import { isModAction, parseRules, type ModAction, type ParsedRules } from '../moderation/rules';
import type { Result } from '../result';
import type { GuildDiscord } from './discord-output';
import { MODERATION_LOG_MAX_ENTRIES, MODERATION_LOG_RETENTION_MS, RECENT_MESSAGES_WINDOW_MS } from './schema';
import type { GuildSettings } from './settings';

const DAY_MS = 24 * 60 * 60_000;
/** At most one guild refresh (GET /guilds/:id) per this long when members carry roles we do not know. */
const GUILD_REFRESH_MS = 10_000;

/**
 * What moderation reads of a message: a gateway message, or a `/ask` question (`fromAsk`: its id is the
 * interaction's, and there is no message to delete: not answering it is what "delete" means there).
 */
export type ModeratedMessage = Pick<MemberMessage, 'id' | 'channel_id' | 'content' | 'mentions' | 'mention_roles' | 'webhook_id'> & {
  author: Pick<APIUser, 'id' | 'bot'>;
  member?: { roles: string[] };
  fromAsk?: true;
};

/** The AI layer: judges a message against the owner's free-text rules (absent without a model). */
export interface ModerationJudge {
  judge(rulesText: string, message: string): Promise<JudgeAnswer>;
}

export interface ModerationLogEntry {
  id: string;
  action: ModAction;
  reason: string;
  rule: string;
  userId: string;
  channelId: string;
  messageId: string;
  content: string;
  at: string;
  outcome: string;
  source: string;
  escalated: boolean;
  alsoDeleted: boolean;
  /** The offending words as written. */
  quote: string;
  /** The member of staff who approved, dismissed or reversed it from a card (null: nobody yet, or the API). */
  decidedBy: string | null;
  /** When the member appealed (ISO time), or null. */
  appealedAt: string | null;
}

interface LogRow {
  id: number;
  action: string;
  reason: string;
  rule: string;
  user_id: string;
  channel_id: string;
  message_id: string;
  content: string;
  at: number;
  outcome: string;
  source: string;
  escalated: number;
  also_deleted: number;
  quote: string;
  decided_by: string | null;
  card_message_id: string | null;
  appeal_message_id: string | null;
  appealed_at: number | null;
  [column: string]: SqlStorageValue;
}

export interface ModerationPreview {
  rules: PreviewRule[];
  decision?: PreviewDecision;
}

export type ReverseResult = Result<ModerationLogEntry>;

export class Moderator {
  private parsed: { text: string; rules: ParsedRules } | null = null;
  private lastGuildFetch = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly discord: GuildDiscord,
  ) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** Whether a message is checked at all (and so counts toward the quota). */
  applies(settings: GuildSettings, message: ModeratedMessage, botUserId: string): boolean {
    const m = settings.moderation;
    return m.enabled && !message.author.bot && !message.webhook_id && message.author.id !== botUserId && !m.exemptChannelIds.includes(message.channel_id);
  }

  /**
   * What an earlier attempt at this event already did: null when the message was never checked; else whether
   * it was moderated for real. A retried event is then neither checked nor counted again.
   */
  earlierCheck(messageId: string): { moderated: boolean } | null {
    const logged = this.sql
      .exec<{ outcome: string }>('SELECT outcome FROM moderation_log WHERE message_id = ? ORDER BY id DESC LIMIT 1', messageId)
      .toArray()[0];
    if (logged) return { moderated: logged.outcome !== 'dry-run' };
    const checked = this.sql.exec('SELECT 1 FROM recent_messages WHERE message_id = ?', messageId).toArray().length > 0;
    return checked ? { moderated: false } : null;
  }

  /**
   * Checks and, when the decision says so, acts. Returns true when the message was moderated for real (the
   * caller then neither answers it nor keeps it in the conversation context).
   */
  async moderate(settings: GuildSettings, guildId: string, message: ModeratedMessage, judge: ModerationJudge | null): Promise<boolean> {
    const now = Date.now();
    const rules = this.rules(settings.moderation.rules);
    const recent = this.sql
      .exec<{ content: string; at: number }>(
        'SELECT content, at FROM recent_messages WHERE user_id = ? AND at >= ? AND message_id IS NOT ? ORDER BY at',
        message.author.id,
        now - (rules.flood?.windowMs ?? RECENT_MESSAGES_WINDOW_MS),
        message.id,
      )
      .toArray();
    this.sql.exec(
      'INSERT OR IGNORE INTO recent_messages (user_id, content, at, message_id) VALUES (?, ?, ?, ?)',
      message.author.id,
      message.content.slice(0, 500),
      now,
      message.id,
    );

    let proposal: Proposal | null = null;
    const violation = checkMessage(rules, {
      content: message.content,
      mentionCount: message.mentions.length + message.mention_roles.length,
      mentionsEveryone: /@(everyone|here)\b/.test(message.content),
      recentFromUser: recent,
      now,
    });
    if (violation) {
      proposal = { action: violation.action, reason: violation.reason, rule: violation.rule, quote: violation.quote, confidence: 1, source: 'rules' };
    } else if (judge && rules.freeText.length > 0 && message.content.trim()) {
      proposal = await this.askJudge(judge, rules.freeText.join('\n'), message.content, guildId);
    }
    if (!proposal) return false;

    const subject = await this.subject(guildId, message);
    if (!subject) return false;
    const prior = this.priorViolationsOf(message.author.id, now);
    const decision = decideModeration(settings.moderation, subject, message.channel_id, proposal, prior, rules.escalation);
    if (!decision.act) {
      log('GuildActor.moderationSkipped', { guildId, messageId: message.id, why: decision.why });
      return false;
    }
    if (decision.dryRun) {
      this.writeLog(decision, message, 'dry-run', now);
      log('Moderator.dryRun', { guildId, messageId: message.id, userId: message.author.id, action: decision.action, outcome: 'dry-run' });
      return false;
    }
    const review = settings.moderation.review;
    if (needsReview(decision, review) && review.channelId !== null) {
      // The model is wrong often enough that strong actions wait for a human; nothing is done until Approve.
      const id = this.writeLog(decision, message, PENDING_REVIEW, now);
      await this.postReviewCard(id, review.channelId, guildId);
      return true;
    }
    // Written first, so the warning's Appeal button can name the entry; a long rate limit takes it back.
    const id = this.writeLog(decision, message, IN_PROGRESS, now);
    let outcome: string;
    try {
      outcome = await this.act(targetOf(decision, message, id), settings, guildId);
    } catch (error) {
      this.sql.exec('DELETE FROM moderation_log WHERE id = ?', id);
      throw error;
    }
    this.sql.exec('UPDATE moderation_log SET outcome = ? WHERE id = ?', outcome, id);
    log('GuildActor.moderated', { guildId, messageId: message.id, userId: message.author.id, action: decision.action, outcome });
    return true;
  }

  /** Posts the review card for a pending entry; a card that cannot be posted leaves the action untaken (logged). */
  private async postReviewCard(id: number, channelId: string, guildId: string): Promise<void> {
    const row = this.row(id);
    const rest = this.discord.rest();
    if (!row) return;
    try {
      if (!rest) throw new Error('no bot token configured');
      const card = await rest.post<{ id: string }>(`/channels/${channelId}/messages`, { body: reviewCard(cardEntry(row)) });
      this.sql.exec('UPDATE moderation_log SET card_message_id = ? WHERE id = ?', card.id, id);
      log('Moderator.reviewCardPosted', { guildId, entryId: id, action: row.action, channelId });
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      logError('Moderator.reviewCardFailed', error, { guildId, entryId: id, channelId });
      const outcome = `review card not posted: ${error instanceof DiscordApiError ? error.outcome : String(error)}`;
      this.sql.exec('UPDATE moderation_log SET outcome = ? WHERE id = ?', outcome, id);
    }
  }

  /** One log row (the review desk reads and marks them). */
  row(id: number): LogRow | null {
    return this.sql.exec<LogRow>('SELECT * FROM moderation_log WHERE id = ?', id).toArray()[0] ?? null;
  }

  /**
   * Takes an action staff approved on its review card (run from the actor's timer, after the click was
   * answered). The enabled actions are read now: an action turned off since is not taken.
   */
  async carryOut(guildId: string, settings: GuildSettings, id: number): Promise<void> {
    const row = this.row(id);
    if (!row || row.outcome !== APPROVED || !isModAction(row.action)) return;
    const enabled = settings.moderation.actions;
    const outcome = enabled[row.action]
      ? await this.act(
          { logId: String(id), action: row.action, reason: row.reason, rule: row.rule, userId: row.user_id, channelId: row.channel_id, messageId: row.message_id, fromAsk: false, alsoDelete: row.action !== 'delete' && enabled.delete },
          settings,
          guildId,
        )
      : `not taken: ${row.action} is no longer enabled`;
    this.sql.exec('UPDATE moderation_log SET outcome = ?, also_deleted = ? WHERE id = ?', outcome, outcome === 'done' && row.action !== 'delete' && enabled.delete ? 1 : 0, id);
    log('Moderator.reviewDecided', { guildId, entryId: id, action: row.action, outcome, decidedBy: row.decided_by });
  }

  private async askJudge(judge: ModerationJudge, rulesText: string, content: string, guildId: string): Promise<Proposal | null> {
    try {
      const answer = await judge.judge(rulesText, content);
      const proposal = verifyJudgement(answer, rulesText, content);
      if (!proposal && answer.action !== 'none') log('GuildActor.judgementDiscarded', { guildId, action: answer.action, rule: answer.ruleQuote });
      return proposal;
    } catch (error) {
      // When in doubt, do nothing: a failing judge means no action.
      logError('GuildActor.moderationJudge', error, { guildId });
      return null;
    }
  }

  /** Performs the action; the outcome is "done" or Discord's error (missing permissions, role hierarchy…). */
  private async act(decision: ActionTarget, settings: GuildSettings, guildId: string): Promise<string> {
    const rest = this.discord.rest();
    if (!rest) return 'no bot token configured';
    const userId = decision.userId;
    const message = { id: decision.messageId, channel_id: decision.channelId, fromAsk: decision.fromAsk };
    const reason = `Herald: ${decision.reason} (rule: ${decision.rule})`;
    try {
      switch (decision.action) {
        case 'delete':
          if (!message.fromAsk) await rest.delete(`/channels/${message.channel_id}/messages/${message.id}`, { reason });
          break;
        case 'warn':
          await rest.post(`/channels/${message.channel_id}/messages`, {
            body: {
              content: `<@${userId}> please keep to this server's rules: ${decision.rule}`.slice(0, 2000),
              allowed_mentions: safeAllowedMentions([userId], false),
              components: appealButton(decision.logId),
              nonce: `w${message.id}`,
              enforce_nonce: true,
            },
          });
          break;
        case 'timeout': {
          const until = new Date(Date.now() + settings.moderation.timeoutMinutes * 60_000).toISOString();
          await rest.patch(`/guilds/${guildId}/members/${userId}`, { body: { communication_disabled_until: until }, reason });
          await this.timeoutNotice(rest, decision, settings.moderation.timeoutMinutes, guildId);
          break;
        }
        case 'kick':
          await rest.delete(`/guilds/${guildId}/members/${userId}`, { reason });
          break;
        case 'ban':
          await rest.put(`/guilds/${guildId}/bans/${userId}`, { body: { delete_message_seconds: 0 }, reason });
          break;
      }
    } catch (error) {
      // A long rate limit: the inbox parks the event and runs it again, and this message must be checked again then.
      if (error instanceof RateLimitedError) {
        this.sql.exec('DELETE FROM recent_messages WHERE message_id = ?', message.id);
        throw error;
      }
      logError('GuildActor.moderationAction', error, { guildId, action: decision.action, userId });
      return error instanceof DiscordApiError ? error.outcome : String(error);
    }
    if (decision.alsoDelete && decision.action !== 'delete' && !message.fromAsk) {
      try {
        await rest.delete(`/channels/${message.channel_id}/messages/${message.id}`, { reason });
      } catch (error) {
        logError('GuildActor.moderationDelete', error, { guildId, messageId: message.id });
      }
    }
    return 'done';
  }

  /** The member learns why they cannot write, with an Appeal button; a notice that fails does not undo the timeout. */
  private async timeoutNotice(rest: NonNullable<ReturnType<GuildDiscord['rest']>>, target: ActionTarget, minutes: number, guildId: string): Promise<void> {
    if (target.fromAsk) return;
    try {
      await rest.post(`/channels/${target.channelId}/messages`, {
        body: {
          content: `<@${target.userId}> you are timed out for ${minutes} minute(s) under this server's rule: ${target.rule}`.slice(0, 2000),
          allowed_mentions: safeAllowedMentions([target.userId], false),
          components: appealButton(target.logId),
          nonce: `t${target.messageId}`,
          enforce_nonce: true,
        },
      });
    } catch (error) {
      if (error instanceof RateLimitedError) return;
      logError('GuildActor.timeoutNotice', error, { guildId, entryId: target.logId });
    }
  }

  private writeLog(decision: Extract<ModerationDecision, { act: true }>, message: ModeratedMessage, outcome: string, at: number): number {
    return this.sql.exec<{ id: number }>(
      `INSERT INTO moderation_log (action, reason, rule, user_id, channel_id, message_id, content, at, outcome, source, escalated, also_deleted, quote)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      decision.action,
      decision.reason,
      decision.rule,
      message.author.id,
      message.channel_id,
      message.id,
      message.content,
      at,
      outcome,
      decision.source,
      decision.escalated ? 1 : 0,
      decision.alsoDelete && !decision.dryRun && decision.action !== 'delete' && !message.fromAsk && outcome !== PENDING_REVIEW ? 1 : 0,
      decision.quote,
    ).one().id;
  }

  /** Entries newest first; `before` pages (pass the last id you got). */
  entries(limit: number, before: number | null): { entries: ModerationLogEntry[]; nextBefore: string | null } {
    const rows = this.sql
      // An action still under way is listed once its outcome is known.
      .exec<LogRow>('SELECT * FROM moderation_log WHERE id < ? AND outcome <> ? ORDER BY id DESC LIMIT ?', before ?? Number.MAX_SAFE_INTEGER, IN_PROGRESS, limit)
      .toArray();
    const entries = rows.map(toEntry);
    return { entries, nextBefore: rows.length === limit ? String(rows[rows.length - 1]!.id) : null };
  }

  /** Lifts a ban or a timeout and marks the entry reversed; other actions cannot be undone. */
  async reverse(guildId: string, id: number, decidedBy: string | null = null): Promise<Result<ModerationLogEntry>> {
    const row = this.sql.exec<LogRow>('SELECT * FROM moderation_log WHERE id = ?', id).toArray()[0];
    if (!row) return { ok: false, status: 404, error: 'no such moderation log entry' };
    if (row.outcome === 'reversed') return { ok: false, status: 409, error: 'already reversed' };
    if (row.outcome !== 'done') return { ok: false, status: 409, error: `nothing to undo: the action's outcome was "${row.outcome}"` };
    if (row.action !== 'ban' && row.action !== 'timeout' && row.action !== 'warn') return { ok: false, status: 409, error: `a ${row.action} cannot be undone` };
    const rest = this.discord.rest();
    if (!rest) return { ok: false, status: 409, error: 'no bot token configured' };
    // A warning is only words: reversing it takes it off the member's record (and the ladder).
    if (row.action !== 'warn') try {
      if (row.action === 'ban') await rest.delete(`/guilds/${guildId}/bans/${row.user_id}`, { reason: `Herald: reversed moderation log entry ${id}` });
      else await rest.patch(`/guilds/${guildId}/members/${row.user_id}`, { body: { communication_disabled_until: null }, reason: `Herald: reversed moderation log entry ${id}` });
    } catch (error) {
      return { ok: false, status: 502, error: `Discord refused: ${error instanceof DiscordApiError ? error.outcome : String(error)}` };
    }
    this.sql.exec("UPDATE moderation_log SET outcome = 'reversed', decided_by = COALESCE(?, decided_by) WHERE id = ?", decidedBy, id);
    return { ok: true, value: toEntry({ ...row, outcome: 'reversed', decided_by: decidedBy ?? row.decided_by }) };
  }

  /**
   * What Herald would do with a message (the preview route): reads the stored guild state and the member's
   * log, writes nothing, asks nobody (no REST call, no model, no usage).
   */
  preview(settings: GuildSettings, rulesText: string, message: PreviewMessage | null, guildId: string, modelConfigured: boolean): ModerationPreview {
    const parsed = parseRules(rulesText);
    const rules = describeRules(rulesText, parsed, settings.moderation.actions);
    if (message === null) return { rules };
    const userId = message.userId ?? '';
    const ownerRow = this.sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = 'owner_id'").toArray()[0];
    const permissions = this.sql
      .exec<{ role_id: string; permissions: string }>('SELECT role_id, permissions FROM guild_roles')
      .toArray()
      .filter((role) => role.role_id === guildId || message.roleIds.includes(role.role_id))
      .reduce((all, role) => all | BigInt(role.permissions), 0n);
    const subject = {
      userId,
      isBot: false,
      isOwner: ownerRow !== undefined && userId !== '' && JSON.parse(ownerRow.value) === userId,
      isAdmin: (permissions & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n,
      roleIds: message.roleIds,
    };
    const prior = userId === '' ? 0 : this.priorViolationsOf(userId, Date.now());
    return { rules, decision: previewDecision(settings.moderation, parsed, message, subject, prior, modelConfigured) };
  }

  private priorViolationsOf(userId: string, now: number): number {
    return priorViolations(
      this.sql.exec<{ outcome: string }>('SELECT outcome FROM moderation_log WHERE user_id = ? AND at >= ?', userId, now - DAY_MS).toArray().map((row) => row.outcome),
    );
  }

  // ---- who the author is -------------------------------------------------------------------------

  recordGuildState(ownerId: string, roles: { id: string; permissions: string }[]): void {
    this.storage.transactionSync(() => {
      this.sql.exec("INSERT INTO kv (key, value) VALUES ('owner_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", JSON.stringify(ownerId));
      this.sql.exec('DELETE FROM guild_roles');
      for (const role of roles) this.sql.exec('INSERT INTO guild_roles (role_id, permissions) VALUES (?, ?)', role.id, role.permissions);
    });
  }

  recordRole(roleId: string, permissions: string | null): void {
    if (permissions === null) this.sql.exec('DELETE FROM guild_roles WHERE role_id = ?', roleId);
    else this.sql.exec('INSERT INTO guild_roles (role_id, permissions) VALUES (?, ?) ON CONFLICT (role_id) DO UPDATE SET permissions = excluded.permissions', roleId, permissions);
  }

  /** The author as moderation sees them; null (no action) when the guild's roles cannot be known. */
  private async subject(guildId: string, message: ModeratedMessage) {
    const roleIds = message.member?.roles ?? [];
    // A role we have never seen (an event missed while disconnected) means our copy is stale: refresh it.
    const known = new Set(this.sql.exec<{ role_id: string }>('SELECT role_id FROM guild_roles').toArray().map((row) => row.role_id));
    const stale = roleIds.some((id) => !known.has(id));
    if (!this.knowsGuild() || (stale && Date.now() - this.lastGuildFetch > GUILD_REFRESH_MS)) await this.fetchGuild(guildId);
    if (!this.knowsGuild()) return null;
    // Still a role we cannot see: it might make the member an admin. When in doubt, do nothing.
    if (stale) {
      const nowKnown = new Set(this.sql.exec<{ role_id: string }>('SELECT role_id FROM guild_roles').toArray().map((row) => row.role_id));
      if (roleIds.some((id) => !nowKnown.has(id))) return null;
    }
    const ownerRow = this.sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = 'owner_id'").toArray()[0];
    const permissions = this.sql
      .exec<{ role_id: string; permissions: string }>('SELECT role_id, permissions FROM guild_roles')
      .toArray()
      .filter((role) => role.role_id === guildId || roleIds.includes(role.role_id))
      .reduce((all, role) => all | BigInt(role.permissions), 0n);
    const adminBits = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;
    return {
      userId: message.author.id,
      isBot: message.author.bot === true,
      isOwner: ownerRow ? JSON.parse(ownerRow.value) === message.author.id : false,
      isAdmin: (permissions & adminBits) !== 0n,
      roleIds,
    };
  }

  private knowsGuild(): boolean {
    return this.sql.exec("SELECT 1 FROM kv WHERE key = 'owner_id'").toArray().length > 0;
  }

  private async fetchGuild(guildId: string): Promise<void> {
    this.lastGuildFetch = Date.now();
    try {
      const guild = await this.discord.rest()?.get<{ owner_id: string; roles: { id: string; permissions: string }[] }>(`/guilds/${guildId}`);
      if (guild) this.recordGuildState(guild.owner_id, guild.roles);
    } catch (error) {
      logError('GuildActor.fetchGuild', error, { guildId });
    }
  }

  private rules(text: string): ParsedRules {
    if (this.parsed?.text !== text) this.parsed = { text, rules: parseRules(text) };
    return this.parsed.rules;
  }

  /** Log retention: MODERATION_LOG_RETENTION_MS (90 days), at most MODERATION_LOG_MAX_ENTRIES; flood memory: RECENT_MESSAGES_WINDOW_MS (an hour). */
  prune(now = Date.now()): void {
    this.sql.exec('DELETE FROM moderation_log WHERE at < ?', now - MODERATION_LOG_RETENTION_MS);
    this.sql.exec('DELETE FROM moderation_log WHERE id IN (SELECT id FROM moderation_log ORDER BY id DESC LIMIT -1 OFFSET ?)', MODERATION_LOG_MAX_ENTRIES);
    this.sql.exec('DELETE FROM recent_messages WHERE at < ?', now - RECENT_MESSAGES_WINDOW_MS);
  }
}

/** What `act` needs: from a fresh decision, or from a log row staff approved. */
interface ActionTarget {
  logId: string;
  action: ModAction;
  reason: string;
  rule: string;
  userId: string;
  channelId: string;
  messageId: string;
  fromAsk: boolean;
  alsoDelete: boolean;
}

/** An action about to be carried out. */
const IN_PROGRESS = 'in-progress';

function targetOf(decision: Extract<ModerationDecision, { act: true }>, message: ModeratedMessage, id: number): ActionTarget {
  return {
    logId: String(id),
    action: decision.action,
    reason: decision.reason,
    rule: decision.rule,
    userId: message.author.id,
    channelId: message.channel_id,
    messageId: message.id,
    fromAsk: message.fromAsk === true,
    alsoDelete: decision.alsoDelete,
  };
}

/** A row as the review and appeal cards show it. */
export function cardEntry(row: LogRow): CardEntry {
  return { id: String(row.id), action: row.action as ModAction, reason: row.reason, rule: row.rule, quote: row.quote, userId: row.user_id, channelId: row.channel_id, content: row.content };
}

export type { LogRow };

function toEntry(row: LogRow): ModerationLogEntry {
  return {
    id: String(row.id),
    action: row.action as ModAction,
    reason: row.reason,
    rule: row.rule,
    userId: row.user_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    content: row.content,
    at: new Date(row.at).toISOString(),
    outcome: row.outcome,
    source: row.source,
    escalated: row.escalated === 1,
    alsoDeleted: row.also_deleted === 1,
    quote: row.quote,
    decidedBy: row.decided_by,
    appealedAt: row.appealed_at === null ? null : new Date(row.appealed_at).toISOString(),
  };
}
