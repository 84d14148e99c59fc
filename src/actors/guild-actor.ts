// GuildActor: one Durable Object per Discord guild. It owns the guild's settings, knowledge base and event
// inbox, and answers members. Gateway events are stored in a durable inbox first (deduplicated by event id,
// so a replay on RESUME is handled once) and handled right after; the alarm retries whatever is left.

import { DurableObject } from 'cloudflare:workers';
import { APOLOGY_TEXT, createAnswerer, type Answerer } from '../answer/answerer';
import type { Passage } from '../answer/offline-answer';
import { readConfig } from '../config';
import { MAX_DOCUMENT_CHARS, MAX_TITLE_CHARS } from '../knowledge/chunk';
import { gatewayStatus, shardStub, startGateway } from '../gateway/control';
import { decideReply } from '../guild/decide-reply';
import { GuildDiscord } from '../guild/discord-output';
import { Moderator, type ModerationJudge, type ReverseResult } from '../guild/moderator';
import { ModelJudge } from '../moderation/model-judge';
import { ConversationStore, type ChannelLine, type ConversationSummary } from '../guild/conversation-store';
import type { AskEvent, GuildEvent, GuildGatewayEvent, MessageCreateEvent } from '../guild/events';
import { KnowledgeStore, type DocumentSummary } from '../guild/knowledge-store';
import { Inbox } from '../guild/inbox';
import { GUILD_MIGRATIONS, MAX_DOCUMENTS } from '../guild/schema';
import { applySettingsPatch, DEFAULT_SETTINGS, effectiveMonthlyLimit, publicSettings, type GuildSettings, type PublicSettings } from '../guild/settings';
import { ledgerName, monthOf, nextMonthStart, type UsageKind, type UsageReport } from '../usage/quota';
import { log, logError } from '../log';
import { migrate } from '../storage/migrate';
import { Timers } from '../storage/timers';

type GuildTimer = 'inbox' | 'cleanup';

/** When handling right away fails (or the object is evicted mid-way), the alarm retries after this long. */
const INBOX_RETRY_MS = 10_000;
const CLEANUP_INTERVAL_MS = 60 * 60_000;

export const GREETING =
  "Hi! I'm Herald. Ask me a question and I'll answer from this server's knowledge base.";

/** Stored settings filled in with defaults added since they were written (falls back to defaults if unreadable). */
function loadSettings(stored: unknown): GuildSettings {
  if (stored === null) return DEFAULT_SETTINGS;
  const result = applySettingsPatch(DEFAULT_SETTINGS, stored);
  if (result.ok) return result.settings;
  logError('GuildActor.loadSettings', new Error(`${result.field}: ${result.error}`));
  return DEFAULT_SETTINGS;
}

export const WRONG_APPLICATION_TEXT = 'This bot is not the one set up to answer in this server.';
/** Time for our deferred response to reach Discord before the follow-up is posted. */
const FOLLOW_UP_GRACE_MS = 150;

export const QUOTA_SPENT_TEXT = "This server has used all of Herald's messages for this month. Answers resume next month.";

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; error: string; field?: string };

export class GuildActor extends DurableObject<Env> {
  private settings: GuildSettings = DEFAULT_SETTINGS;
  private guildId: string | null = null;
  private readonly timers: Timers<GuildTimer>;
  private readonly knowledge: KnowledgeStore;
  private readonly conversations: ConversationStore;
  private answererInstance: Answerer | null = null;
  private readonly discord: GuildDiscord;
  private readonly moderator: Moderator;
  private judgeInstance: ModerationJudge | null = null;
  private readonly inbox: Inbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.timers = new Timers<GuildTimer>(ctx.storage);
    this.knowledge = new KnowledgeStore(ctx.storage);
    this.conversations = new ConversationStore(ctx.storage);
    this.discord = new GuildDiscord(env, () => this.settings, () => this.guildId);
    this.moderator = new Moderator(ctx.storage, this.discord);
    this.inbox = new Inbox(ctx.storage, (event) => this.handleEvent(event), () => ({ guildId: this.guildId }));
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, GUILD_MIGRATIONS);
      this.settings = loadSettings(this.readJson<unknown>('settings'));
      this.guildId = this.readJson<string>('guild_id');
    });
  }

  // ---- settings ------------------------------------------------------------------------------------

  getSettings(guildId: string): PublicSettings {
    this.remember(guildId);
    return publicSettings(this.settings);
  }

  async patchSettings(guildId: string, patch: unknown): Promise<Result<PublicSettings>> {
    this.remember(guildId);
    const result = applySettingsPatch(this.settings, patch);
    if (!result.ok) return { ok: false, status: 400, error: `${result.field}: ${result.error}`, field: result.field };
    const before = this.settings.customBot;
    this.settings = result.settings;
    this.writeJson('settings', this.settings);
    log('GuildActor.settings', { guildId, responseMode: this.settings.responseMode });
    const after = this.settings.customBot;
    if (before && before.applicationId !== after?.applicationId) await this.detachCustomBot(guildId, before.applicationId);
    if (after && (after.applicationId !== before?.applicationId || after.botToken !== before?.botToken || after.publicKey !== before?.publicKey)) {
      // Interactions must verify as soon as the owner saves; the gateway may take a moment.
      await shardStub(this.env, after.applicationId, 0).attachGuild(guildId, after.publicKey);
      this.ctx.waitUntil(this.connectCustomBot());
    }
    return { ok: true, value: publicSettings(this.settings) };
  }

  /** The guild no longer uses this custom application; the last guild to leave disconnects its gateway. */
  private async detachCustomBot(guildId: string, applicationId: string): Promise<void> {
    try {
      const remaining = await shardStub(this.env, applicationId, 0).detachGuild(guildId);
      if (remaining > 0) return;
      for (const shard of await gatewayStatus(this.env, applicationId)) await shardStub(this.env, applicationId, shard.shardId).stop();
      log('GuildActor.customBotDisconnected', { guildId, applicationId });
    } catch (error) {
      logError('GuildActor.detachCustomBot', error, { guildId, applicationId });
    }
  }

  /** A custom bot gets gateway shards of its own application (contract §2). */
  private async connectCustomBot(): Promise<void> {
    const bot = this.settings.customBot;
    if (!bot) return;
    try {
      await startGateway(this.env, readConfig(this.env), { appKey: bot.applicationId, applicationId: bot.applicationId, token: bot.botToken });
      log('GuildActor.customBotConnected', { guildId: this.guildId, applicationId: bot.applicationId });
    } catch (error) {
      logError('GuildActor.connectCustomBot', error, { guildId: this.guildId, applicationId: bot.applicationId });
    }
  }

  // ---- knowledge base ------------------------------------------------------------------------------

  listKnowledge(guildId: string): DocumentSummary[] {
    this.remember(guildId);
    return this.knowledge.list();
  }

  addKnowledge(guildId: string, input: { title: string; content: string }): Result<DocumentSummary> {
    this.remember(guildId);
    if (input.title.length > MAX_TITLE_CHARS) return { ok: false, status: 400, error: `title: at most ${MAX_TITLE_CHARS} characters`, field: 'title' };
    if (input.content.length > MAX_DOCUMENT_CHARS) {
      return { ok: false, status: 413, error: `content: at most ${MAX_DOCUMENT_CHARS} characters`, field: 'content' };
    }
    if (this.knowledge.count() >= MAX_DOCUMENTS) {
      return { ok: false, status: 409, error: `knowledge base is full (${MAX_DOCUMENTS} documents); delete one first` };
    }
    return { ok: true, value: this.knowledge.add(input.title, input.content) };
  }

  deleteKnowledge(guildId: string, docId: string): boolean {
    this.remember(guildId);
    return this.knowledge.delete(docId);
  }

  // ---- gateway events ------------------------------------------------------------------------------

  /**
   * Takes one event from a GatewayShard. Returns as soon as the event is stored, so the shard never waits
   * on an answer; `duplicate` is true when this event was already taken (a replay after RESUME).
   */
  receiveGatewayEvent(guildId: string, event: GuildGatewayEvent): Promise<{ duplicate: boolean }> {
    return this.enqueue(guildId, event);
  }

  /** Takes a `/ask` the Worker has acknowledged; the answer is delivered through the follow-up webhook. */
  receiveAsk(guildId: string, event: AskEvent): Promise<{ duplicate: boolean }> {
    return this.enqueue(guildId, event);
  }

  listConversations(guildId: string): ConversationSummary[] {
    this.remember(guildId);
    return this.conversations.conversations();
  }

  private async enqueue(guildId: string, event: GuildEvent): Promise<{ duplicate: boolean }> {
    this.remember(guildId);
    if (!this.inbox.add(event)) {
      log('GuildActor.duplicate', { guildId, eventId: event.eventId });
      return { duplicate: true };
    }
    // The alarm is the safety net: whatever the immediate run does not finish, it retries.
    await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_RETRY_MS);
    await this.timers.scheduleNoLaterThan('cleanup', Date.now() + CLEANUP_INTERVAL_MS);
    this.inbox.pump();
    return { duplicate: false };
  }

  override async alarm(): Promise<void> {
    try {
      for (const timer of this.timers.takeDue(Date.now())) {
        if (timer.kind === 'inbox') this.inbox.retryFailed();
        else if (timer.kind === 'cleanup') this.cleanup();
      }
      await this.inbox.idle();
      if (this.inbox.size() > 0) await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_RETRY_MS);
      await this.timers.arm();
    } catch (error) {
      logError('GuildActor.alarm', error, { guildId: this.guildId });
      await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_RETRY_MS);
    }
  }

  private handleEvent(event: GuildEvent): Promise<void> {
    switch (event.kind) {
      case 'message_create':
        return this.handleMessage(event);
      case 'ask':
        return this.handleAsk(event);
      case 'guild_state':
        this.moderator.recordGuildState(event.ownerId, event.roles);
        return Promise.resolve();
      case 'role':
        this.moderator.recordRole(event.roleId, event.permissions);
        return Promise.resolve();
    }
  }

  private async handleMessage(event: MessageCreateEvent): Promise<void> {
    // When a guild has its own bot, only that bot's gateway speaks for it (the shared bot may be present too).
    const expectedApp = this.settings.customBot ? this.settings.customBot.applicationId : 'shared';
    if (event.bot.appKey !== expectedApp) return;

    const message = event.message;
    const guildId = message.guild_id ?? this.guildId ?? '';
    // Moderation first, in every response mode; a moderated message is neither answered nor remembered.
    if (this.moderator.applies(this.settings, message, event.bot.botUserId) && (await this.consume('moderation'))) {
      if (await this.moderator.moderate(this.settings, guildId, message, this.moderationJudge())) return;
    }
    if (message.author.id !== event.bot.botUserId && message.content.trim()) {
      this.conversations.addChannelMessage(
        message.channel_id,
        { id: message.author.id, name: message.member?.nick ?? message.author.global_name ?? message.author.username, isBot: message.author.bot === true },
        message.content,
        message.id,
      );
    }
    const decision = decideReply(
      this.settings,
      {
        authorId: message.author.id,
        authorIsBot: message.author.bot === true,
        webhookId: message.webhook_id ?? null,
        channelId: message.channel_id,
        content: message.content,
        mentionUserIds: message.mentions.map((user) => user.id),
      },
      event.bot.botUserId,
    );
    const replyTo = { messageId: message.id, channelId: message.channel_id, guildId };
    if (decision.kind === 'ignore') return;
    if (decision.kind === 'greet') {
      await this.discord.post(message.channel_id, GREETING, replyTo);
      return;
    }
    if (decision.kind === 'judge' && !(await this.judge(decision.question, message.channel_id, message.id))) {
      log('GuildActor.skipped', { guildId, channelId: message.channel_id, messageId: message.id, why: 'casual-chat' });
      return;
    }
    const text = await this.answerQuestion(message.channel_id, message.author.id, decision.question, message.id);
    if (text === null) return;
    await this.discord.post(message.channel_id, text, replyTo);
    this.conversations.addChannelMessage(message.channel_id, { id: event.bot.botUserId, name: 'Herald', isBot: true }, text, null);
    log('GuildActor.answered', { guildId, channelId: message.channel_id, messageId: message.id, kind: decision.kind, answerer: this.answerer().kind });
  }

  private async handleAsk(event: AskEvent): Promise<void> {
    const expectedApp = this.settings.customBot?.applicationId ?? readConfig(this.env).discordApplicationId;
    // The interaction was acknowledged, so it always gets an answer: a notice when the quota is spent, or when
    // it came through an application this guild no longer uses.
    const text =
      expectedApp !== null && event.applicationId !== expectedApp
        ? WRONG_APPLICATION_TEXT
        : ((await this.answerQuestion(event.channelId, event.userId, event.question, null)) ?? QUOTA_SPENT_TEXT);
    // Discord only knows the follow-up webhook once our deferred response reached it.
    const wait = event.acknowledgedAt + FOLLOW_UP_GRACE_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await this.discord.postFollowUp(event.applicationId, event.interactionToken, text);
    log('GuildActor.answeredAsk', { guildId: this.guildId, channelId: event.channelId, eventId: event.eventId, answerer: this.answerer().kind });
  }

  /** Smart mode's judgement; a failing model means "don't answer" (casual chat is the common case). */
  private async judge(text: string, channelId: string, messageId: string): Promise<boolean> {
    try {
      const context = this.settings.channelAwareness ? this.channelContext(channelId, messageId) : null;
      return await this.answerer().shouldAnswer(text, context);
    } catch (error) {
      logError('GuildActor.judge', error, { guildId: this.guildId, channelId, messageId });
      return false;
    }
  }

  /**
   * The answer to a member's question, with their recent turns as memory and (in "all" mode with channel
   * awareness) the channel's conversation. Records both turns; a failing model gives a short apology.
   * Null when this month's quota is spent (the bot stays quiet).
   */
  private async answerQuestion(channelId: string, userId: string, question: string, messageId: string | null): Promise<string | null> {
    if (!(await this.consume('answer'))) return null;
    const history = this.conversations.recentTurns(channelId, userId);
    const passages = this.retrieve(question, history);
    const channelContext =
      this.settings.responseMode === 'all' && this.settings.channelAwareness ? this.channelContext(channelId, messageId) : null;
    let text: string;
    try {
      text = (await this.answerer().answer({ question, passages, history, channelContext })).text;
    } catch (error) {
      logError('GuildActor.answer', error, { guildId: this.guildId, channelId, answerer: this.answerer().kind });
      return APOLOGY_TEXT;
    }
    this.conversations.addTurn(channelId, userId, 'user', question, messageId);
    this.conversations.addTurn(channelId, userId, 'bot', text, null);
    return text;
  }

  /** Passages for the question; a follow-up is also searched together with the member's previous question. */
  private retrieve(question: string, history: { role: string; content: string }[]): Passage[] {
    const direct = this.knowledge.search(question);
    const previous = [...history].reverse().find((turn) => turn.role === 'user');
    if (!previous) return direct;
    const combined = this.knowledge.search(`${previous.content} ${question}`);
    const seen = new Set(direct.map((passage) => passage.text));
    return [...direct, ...combined.filter((passage) => !seen.has(passage.text))].slice(0, 6);
  }

  /** The channel's recent conversation, without the message being answered (that one is the question). */
  private channelContext(channelId: string, excludeMessageId: string | null): ChannelLine[] {
    return this.conversations.channelContext(channelId).filter((line) => line.messageId !== excludeMessageId || excludeMessageId === null);
  }

  /** Counts one message toward the monthly quota; false (and nothing counted) when it is spent. */
  private async consume(kind: UsageKind): Promise<boolean> {
    const guildId = this.guildId ?? '';
    const result = await this.ledger().consume(guildId, kind, effectiveMonthlyLimit(this.settings));
    if (!result.allowed) log('GuildActor.quotaSpent', { guildId, kind, used: result.used, limit: result.limit });
    return result.allowed;
  }

  async usage(guildId: string): Promise<UsageReport> {
    this.remember(guildId);
    const now = Date.now();
    const limit = effectiveMonthlyLimit(this.settings);
    const totals = await this.ledger().totals(guildId, now);
    return {
      month: monthOf(now),
      plan: this.settings.plan,
      limit,
      used: totals.used,
      remaining: Math.max(0, limit - totals.used),
      exhausted: totals.used >= limit,
      resetsAt: new Date(nextMonthStart(now)).toISOString(),
      accountId: this.settings.accountId,
      byKind: totals.byKind,
      guild: totals.guild,
    };
  }

  private ledger() {
    const name = ledgerName(this.guildId ?? '', this.settings.accountId);
    return this.env.USAGE_LEDGER.get(this.env.USAGE_LEDGER.idFromName(name));
  }

  /** The AI moderation layer, only with a model configured (offline, the deterministic rules alone apply). */
  private moderationJudge(): ModerationJudge | null {
    const config = readConfig(this.env);
    if (!config.openaiApiKey) return null;
    this.judgeInstance ??= new ModelJudge({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.aiModel });
    return this.judgeInstance;
  }

  // ---- moderation log ------------------------------------------------------------------------------

  moderationLog(guildId: string, limit: number, before: number | null) {
    this.remember(guildId);
    return this.moderator.entries(limit, before);
  }

  reverseModeration(guildId: string, id: number): Promise<ReverseResult> {
    this.remember(guildId);
    return this.moderator.reverse(guildId, id);
  }

  private answerer(): Answerer {
    this.answererInstance ??= createAnswerer(readConfig(this.env));
    return this.answererInstance;
  }

  // ---- storage helpers -----------------------------------------------------------------------------

  private cleanup(): void {
    this.conversations.prune();
    this.moderator.prune();
    this.inbox.prune();
  }

  private remember(guildId: string): void {
    if (this.guildId === guildId) return;
    this.guildId = guildId;
    this.writeJson('guild_id', guildId);
  }

  private readJson<T>(key: string): T | null {
    const row = this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM kv WHERE key = ?', key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private writeJson(key: string, value: unknown): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }
}
