// GuildActor: one Durable Object per Discord guild. It owns the guild's settings, knowledge base, memory,
// moderation log, takeover locks, tokens and timers. Gateway events and `/ask` jobs go into a durable inbox
// first (deduplicated by event id, so a replay on RESUME is handled once) and are handled right after by the
// Responder; agents' live sockets use the Hibernation API; one alarm serves every timer (inbox retry,
// cleanup, takeover timeouts, proactive posts).

import { DurableObject } from 'cloudflare:workers';
import type { GuildRole } from '../api/auth';
import { newGuildToken, tokenHash } from '../api/auth';
import { readConfig } from '../config';
import { gatewayStatus, shardStub, startGateway } from '../gateway/control';
import { ConversationStore, type ConversationSummary } from '../guild/conversation-store';
import { GuildDiscord } from '../guild/discord-output';
import { Escalator } from '../guild/escalation';
import type { AskEvent, GuildEvent, GuildGatewayEvent } from '../guild/events';
import { Inbox } from '../guild/inbox';
import { KnowledgeStore, type DocumentSummary } from '../guild/knowledge-store';
import { ChannelVisibility } from '../guild/channel-visibility';
import type { AgentAttachment } from '../guild/live';
import { Moderator, type ReverseResult } from '../guild/moderator';
import { ProactivePoster, type ProactiveStatus } from '../guild/proactive-poster';
import { Responder } from '../guild/responder';
import { GUILD_MIGRATIONS, MAX_DOCUMENTS, MAX_GUILD_TOKENS } from '../guild/schema';
import { applySettingsPatch, DEFAULT_SETTINGS, publicSettings, type CustomBot, type GuildSettings, type PublicSettings } from '../guild/settings';
import { DiscordApiError, DiscordRest } from '../discord/rest';
import { TakeoverDesk, type GuildTimer, type HeldConversation } from '../guild/takeover-desk';
import { UsageMeter } from '../guild/usage-meter';
import { MAX_DOCUMENT_CHARS, MAX_TITLE_CHARS } from '../knowledge/chunk';
import { log, logError } from '../log';
import { migrate } from '../storage/migrate';
import { Timers } from '../storage/timers';
import type { UsageReport } from '../usage/quota';

/** When handling right away fails (or the object is evicted mid-way), the alarm retries after this long. */
const INBOX_RETRY_MS = 10_000;
const CLEANUP_INTERVAL_MS = 60 * 60_000;

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; error: string; field?: string };

export interface ConversationView extends ConversationSummary {
  /** Whether an agent holds the conversation (the AI is out of it), and who. */
  held: boolean;
  heldBy: string | null;
}

/**
 * A custom bot is accepted only when Discord confirms its token belongs to that application and the key is
 * that application's: otherwise one guild could point another guild's application at its own bot.
 */
async function verifyCustomBot(apiBase: string, bot: CustomBot): Promise<Result<never> | null> {
  try {
    const app = await new DiscordRest({ apiBase, token: bot.botToken, maxRetries: 1 }).get<{ id: string; verify_key: string }>('/applications/@me');
    if (app.id !== bot.applicationId) return { ok: false, status: 400, error: 'customBot.botToken: this token belongs to another application', field: 'customBot.botToken' };
    if (app.verify_key.toLowerCase() !== bot.publicKey.toLowerCase()) {
      return { ok: false, status: 400, error: "customBot.publicKey: not this application's public key", field: 'customBot.publicKey' };
    }
    return null;
  } catch (error) {
    if (error instanceof DiscordApiError && error.status === 401) {
      return { ok: false, status: 400, error: 'customBot.botToken: Discord does not accept this token', field: 'customBot.botToken' };
    }
    return { ok: false, status: 502, error: `could not check the custom bot with Discord: ${error instanceof DiscordApiError ? error.outcome : String(error)}` };
  }
}

/** Stored settings filled in with defaults added since they were written (falls back to defaults if unreadable). */
function loadSettings(stored: unknown): GuildSettings {
  if (stored === null) return DEFAULT_SETTINGS;
  const result = applySettingsPatch(DEFAULT_SETTINGS, stored);
  if (result.ok) return result.settings;
  logError('GuildActor.loadSettings', new Error(`${result.field}: ${result.error}`));
  return DEFAULT_SETTINGS;
}

export class GuildActor extends DurableObject<Env> {
  private settings: GuildSettings = DEFAULT_SETTINGS;
  private guildIdValue: string | null = null;
  private readonly timers: Timers<GuildTimer>;
  private readonly knowledge: KnowledgeStore;
  private readonly channels: ChannelVisibility;
  private readonly conversations: ConversationStore;
  private readonly discord: GuildDiscord;
  private readonly moderator: Moderator;
  private readonly desk: TakeoverDesk;
  private readonly meter: UsageMeter;
  private readonly responder: Responder;
  private readonly proactive: ProactivePoster;
  private readonly inbox: Inbox;
  private readonly escalator: Escalator;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const settings = () => this.settings;
    const guildId = () => this.guildIdValue ?? '';
    this.timers = new Timers<GuildTimer>(ctx.storage);
    this.knowledge = new KnowledgeStore(ctx.storage);
    this.conversations = new ConversationStore(ctx.storage);
    this.discord = new GuildDiscord(env, settings, () => this.guildIdValue);
    this.moderator = new Moderator(ctx.storage, this.discord);
    this.meter = new UsageMeter(env, settings, guildId);
    this.desk = new TakeoverDesk(ctx, this.timers, this.discord, () => readConfig(env).takeoverTimeoutSeconds, guildId, (channelId, userId, content) =>
      this.conversations.addTurn(channelId, userId, 'agent', content, null),
    );
    const parts = { env, settings, guildId, knowledge: this.knowledge, conversations: this.conversations, discord: this.discord };
    this.escalator = new Escalator(ctx.storage, env);
    this.channels = new ChannelVisibility(ctx.storage);
    this.responder = new Responder({ ...parts, moderator: this.moderator, desk: this.desk, escalator: this.escalator, meter: this.meter, channels: this.channels });
    this.proactive = new ProactivePoster(ctx.storage, this.timers, { ...parts, meter: this.meter, answerer: () => this.responder.answerer() });
    this.inbox = new Inbox(ctx.storage, (event) => this.handleEvent(event), () => ({ guildId: this.guildIdValue }));
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, GUILD_MIGRATIONS);
      this.settings = loadSettings(this.readJson<unknown>('settings'));
      this.guildIdValue = this.readJson<string>('guild_id');
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
    const [was, now] = [this.settings.customBot, result.settings.customBot];
    const botChanged = now !== null && (now.applicationId !== was?.applicationId || now.botToken !== was?.botToken || now.publicKey !== was?.publicKey);
    if (botChanged) {
      const problem = await verifyCustomBot(readConfig(this.env).discordApiBase, now);
      if (problem) return problem;
      // Interactions must verify as soon as the owner saves; the gateway may take a moment.
      await shardStub(this.env, now.applicationId, 0).attachGuild(guildId, now.publicKey);
    }
    const before = this.settings;
    this.settings = result.settings;
    this.writeJson('settings', this.settings);
    log('GuildActor.settings', { guildId, responseMode: this.settings.responseMode });
    await this.proactive.settingsChanged(before.proactive, this.settings.proactive);
    if (was && was.applicationId !== now?.applicationId) await this.detachCustomBot(guildId, was.applicationId);
    if (botChanged) this.ctx.waitUntil(this.connectCustomBot());
    return { ok: true, value: publicSettings(this.settings) };
  }

  /** The guild no longer uses this custom application; the last guild to leave disconnects its gateway. */
  private async detachCustomBot(guildId: string, applicationId: string): Promise<void> {
    try {
      if ((await shardStub(this.env, applicationId, 0).detachGuild(guildId)) > 0) return;
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
      log('GuildActor.customBotConnected', { guildId: this.guildIdValue, applicationId: bot.applicationId });
    } catch (error) {
      logError('GuildActor.connectCustomBot', error, { guildId: this.guildIdValue, applicationId: bot.applicationId });
    }
  }

  // ---- tokens (contract §3) ------------------------------------------------------------------------

  async mintToken(guildId: string, role: GuildRole): Promise<string> {
    this.remember(guildId);
    const token = newGuildToken(guildId);
    this.ctx.storage.sql.exec('INSERT INTO guild_tokens (hash, role, created_at) VALUES (?, ?, ?)', await tokenHash(token), role, Date.now());
    this.ctx.storage.sql.exec(
      'DELETE FROM guild_tokens WHERE hash IN (SELECT hash FROM guild_tokens ORDER BY created_at DESC LIMIT -1 OFFSET ?)',
      MAX_GUILD_TOKENS,
    );
    return token;
  }

  async verifyToken(token: string): Promise<GuildRole | null> {
    const row = this.ctx.storage.sql.exec<{ role: string }>('SELECT role FROM guild_tokens WHERE hash = ?', await tokenHash(token)).toArray()[0];
    return row ? (row.role as GuildRole) : null;
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

  // ---- conversations, usage, moderation log, proactive ---------------------------------------------

  listConversations(guildId: string): ConversationView[] {
    this.remember(guildId);
    const held = new Map<string, HeldConversation>(this.desk.held().map((h) => [h.conversationId, h]));
    return this.conversations.conversations().map((c) => {
      const heldBy = held.get(c.conversationId)?.agent ?? null;
      return { ...c, held: heldBy !== null, heldBy };
    });
  }

  usage(guildId: string): Promise<UsageReport> {
    this.remember(guildId);
    return this.meter.report();
  }

  moderationLog(guildId: string, limit: number, before: number | null) {
    this.remember(guildId);
    return this.moderator.entries(limit, before);
  }

  reverseModeration(guildId: string, id: number): Promise<ReverseResult> {
    this.remember(guildId);
    return this.moderator.reverse(guildId, id);
  }

  sendProactiveNow(guildId: string): Promise<Result<{ channelId: string; content: string }>> {
    this.remember(guildId);
    return this.proactive.postNow();
  }

  proactiveStatus(guildId: string): ProactiveStatus {
    this.remember(guildId);
    return this.proactive.status();
  }

  // ---- gateway events and /ask -----------------------------------------------------------------------

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

  private handleEvent(event: GuildEvent): Promise<void> {
    switch (event.kind) {
      case 'message_create':
        return this.responder.handleMessage(event);
      case 'message_update':
        return this.responder.handleEdit(event);
      case 'ask':
        return this.responder.handleAsk(event);
      case 'guild_state':
        this.moderator.recordGuildState(event.ownerId, event.roles);
        if (event.channels) this.channels.replaceAll(event.channels);
        return Promise.resolve();
      case 'channel':
        if (event.public === null) this.channels.forget(event.channelId);
        else this.channels.record(event.channelId, event.public);
        return Promise.resolve();
      case 'role':
        this.moderator.recordRole(event.roleId, event.permissions);
        return Promise.resolve();
    }
  }

  // ---- live monitoring (WebSocket Hibernation API) ---------------------------------------------------

  /** The Worker forwards an authenticated `GET /api/guilds/:guildId/live` upgrade here. */
  override async fetch(request: Request): Promise<Response> {
    const guildId = request.headers.get('x-herald-guild');
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket' || !guildId) {
      return Response.json({ error: 'expected a WebSocket upgrade' }, { status: 426 });
    }
    this.remember(guildId);
    if (this.settings.plan === 'starter') {
      return Response.json({ error: 'live monitoring and takeover need the standard or pro plan' }, { status: 403 });
    }
    const pair = new WebSocketPair();
    const attachment: AgentAttachment = {
      agent: request.headers.get('x-herald-agent') ?? 'agent',
      role: (request.headers.get('x-herald-role') as AgentAttachment['role'] | null) ?? 'agent',
    };
    this.desk.accept(pair[1], attachment);
    log('GuildActor.agentConnected', { guildId, agent: attachment.agent, agents: this.desk.sockets().length });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      await this.desk.onAgentMessage(ws, message);
    } catch (error) {
      logError('GuildActor.webSocketMessage', error, { guildId: this.guildIdValue });
      try {
        ws.send(JSON.stringify({ type: 'error', error: 'that did not work; see the operator logs' }));
      } catch {
        // The socket is gone.
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, 'closing');
    } catch {
      // Already closed.
    }
  }

  // ---- the one alarm -----------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    try {
      for (const timer of this.timers.takeDue(Date.now())) {
        // Each timer on its own: one failing must not lose the others taken in the same batch.
        try {
          if (timer.kind === 'inbox') this.inbox.retryFailed();
          else if (timer.kind === 'cleanup') this.cleanup();
          else if (timer.kind === 'takeover') await this.desk.expire(timer.key);
          else if (timer.kind === 'proactive') await this.proactive.onTimer();
        } catch (error) {
          logError('GuildActor.alarm', error, { guildId: this.guildIdValue, timer: timer.kind, key: timer.key });
          // Try again shortly; a takeover or proactive timer must not silently vanish.
          await this.timers.scheduleNoLaterThan(timer.kind, Date.now() + INBOX_RETRY_MS, timer.key);
        }
      }
      await this.inbox.idle();
      if (this.inbox.size() > 0) await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_RETRY_MS);
      await this.timers.arm();
    } catch (error) {
      logError('GuildActor.alarm', error, { guildId: this.guildIdValue });
      await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_RETRY_MS);
    }
  }

  // ---- storage helpers -----------------------------------------------------------------------------

  private cleanup(): void {
    this.conversations.prune();
    this.moderator.prune();
    this.inbox.prune();
    this.proactive.prune();
    this.escalator.prune();
  }

  private remember(guildId: string): void {
    if (this.guildIdValue === guildId) return;
    this.guildIdValue = guildId;
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
