// GuildActor: one Durable Object per Discord guild. It owns the guild's settings, knowledge base, memory,
// moderation log, takeover locks, tokens and timers. Gateway events and `/ask` jobs go into a durable inbox
// first (deduplicated by event id, so a replay on RESUME is handled once) and are handled right after by the
// Responder; agents' live sockets use the Hibernation API; one alarm serves every timer (inbox wake-ups,
// cleanup, takeover timeouts, proactive posts, web-source syncs), each on time whatever the traffic.

import { DurableObject } from 'cloudflare:workers';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import type { GuildRole } from '../api/auth';
import { signingKey, type LiveTicket } from '../api/tokens';
import { readConfig } from '../config';
import type { ComponentClick } from '../components/click';
import { ephemeral } from '../components/responses';
import { connectCustomBot, detachCustomBot } from '../custom-bot/gateway';
import { applyPatchCheckingCustomBot } from '../custom-bot/settings-patch';
import { customBotChanged } from '../custom-bot/verify';
import { guildEventProblem } from '../gateway/guild-events';
import { ConversationStore, type ConversationSummary } from '../guild/conversation-store';
import { DashboardLookups, type GuildDirectory } from '../dashboard/guild-lookups';
import { GuildDiscord } from '../guild/discord-output';
import { Escalator } from '../guild/escalation';
import type { AskEvent, GuildEvent, GuildGatewayEvent } from '../guild/events';
import { AskReplays } from '../guild/ask-replays';
import { ACK_HOLD_MS, Inbox, INBOX_BUSY_TEXT, INBOX_SAFETY_NET_MS, orderKey, settledWithin } from '../guild/inbox';
import type { InboxMode } from '../guild/inbox-schedule';
import { KnowledgeStore, type DocumentSummary } from '../guild/knowledge-store';
import { LiveCloseCode, MAX_LIVE_SOCKETS, type AgentAttachment } from '../takeover/live';
import { MemberLimit } from '../guild/member-limit';
import { ChannelVisibility } from '../guild/channel-visibility';
import { Moderator, type ModerationLogEntry, type ModerationPreview } from '../guild/moderator';
import type { PreviewMessage } from '../moderation/preview';
import { PendingReplies } from '../guild/pending-replies';
import { ReviewDesk } from '../guild/review-desk';
import { AUTOMOD_SYNC_KEY, AutomodBridge, type AutomodStatus } from '../guild/automod-bridge';
import { ProactivePoster, type ProactiveStatus } from '../guild/proactive-poster';
import { Responder } from '../guild/responder';
import { Retention } from '../guild/retention';
import { CLEANUP_INTERVAL_MS, GUILD_MIGRATIONS, MAX_DOCUMENTS, type GuildTimer } from '../guild/schema';
import { applySettingsPatch, DEFAULT_SETTINGS, publicSettings, type GuildSettings, type PublicSettings } from '../guild/settings';
import { RateLimitedError } from '../discord/rest';
import { TakeoverDesk, type HeldConversation } from '../takeover/desk';
import { TokenStore, type LiveGrant, type MintedToken, type TokenView } from '../guild/token-store';
import { ThreadDirectory } from '../threads/thread-directory';
import { UsageMeter } from '../guild/usage-meter';
import { LedgerBook } from '../usage/ledger-book';
import { FeedbackDesk } from '../feedback/feedback-desk';
import type { Insights } from '../feedback/answer-log';
import { TicketDesk } from '../tickets/ticket-desk';
import { MAX_DOCUMENT_CHARS, MAX_TITLE_CHARS } from '../knowledge/chunk';
import { log, logError } from '../log';
import type { Result } from '../result';
import { migrate } from '../storage/migrate';
import { countRows, type InstanceRowCounts, type RowStats } from '../storage/row-stats';
import { Timers, type TimerRow } from '../storage/timers';
import type { UsageReport } from '../usage/quota';
import type { SourceInput } from '../sources/source-input';
import { SourceSyncer } from '../sources/syncer';
import type { SourceView } from '../sources/sync-plan';

function unreachableFeature(feature: never): APIInteractionResponse {
  return ephemeral(`Unknown button ${String(feature)}.`);
}

/** A timer whose handler failed runs again after this long (or when the rate limit that failed it resets). */
const TIMER_RETRY_MS = 10_000;

export type { Result } from '../result';

export interface ConversationView extends ConversationSummary {
  /** Whether an agent holds the conversation (the AI is out of it), and who. */
  held: boolean;
  heldBy: string | null;
  /** When the AI takes the conversation back unless the agent acts (ISO time), while held. */
  releaseAt: string | null;
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
  private readonly threads: ThreadDirectory;
  private readonly conversations: ConversationStore;
  private readonly discord: GuildDiscord;
  private readonly moderator: Moderator;
  private readonly desk: TakeoverDesk;
  private readonly meter: UsageMeter;
  private readonly responder: Responder;
  private readonly proactive: ProactivePoster;
  private readonly inbox: Inbox;
  private readonly escalator: Escalator;
  private readonly replies: PendingReplies;
  private readonly memberLimit: MemberLimit;
  private readonly askReplays: AskReplays;
  private readonly dashboardLookups: DashboardLookups;
  private readonly tokens: TokenStore;
  private readonly retention: Retention;
  private readonly sources: SourceSyncer;
  private readonly tickets: TicketDesk;
  private readonly feedback: FeedbackDesk;
  private readonly reviewDesk: ReviewDesk;
  private readonly automod: AutomodBridge;
  private readonly rows: RowStats;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // The runtime gives the name the Worker asked for (`idFromName(guildId)`), so no call has to pass it. Actors
    // from before stored it in kv (`guild_id`): read below when the runtime has no name.
    this.guildIdValue = ctx.id.name ?? null;
    this.rows = countRows(ctx.storage);
    const settings = () => this.settings;
    const guildId = () => this.guildIdValue ?? '';
    this.timers = new Timers<GuildTimer>(ctx.storage);
    this.tokens = new TokenStore(ctx.storage.sql);
    this.knowledge = new KnowledgeStore(ctx.storage);
    this.sources = new SourceSyncer(ctx.storage, this.timers, this.knowledge, guildId);
    this.conversations = new ConversationStore(ctx.storage);
    this.discord = new GuildDiscord(env, settings, () => this.guildIdValue);
    this.moderator = new Moderator(ctx.storage, this.discord);
    this.reviewDesk = new ReviewDesk(this.moderator, this.discord, this.timers, ctx.storage, settings);
    this.automod = new AutomodBridge(ctx.storage, this.discord);
    this.meter = new UsageMeter(env, settings, guildId, new LedgerBook(ctx.storage), ctx.storage, () => this.inbox.marks());
    this.desk = new TakeoverDesk(
      ctx,
      this.timers,
      this.discord,
      () => readConfig(env).takeoverTimeoutSeconds,
      guildId,
      (channelId, userId, content) => this.conversations.addTurn(channelId, userId, 'agent', content, null),
      (conversationId, announced) => this.tickets.releasedByAgent(conversationId, announced),
    );
    const parts = { env, settings, guildId, knowledge: this.knowledge, conversations: this.conversations, discord: this.discord };
    this.escalator = new Escalator(ctx.storage, env);
    this.replies = new PendingReplies(ctx.storage);
    this.memberLimit = new MemberLimit(ctx.storage);
    this.askReplays = new AskReplays(ctx.storage);
    this.dashboardLookups = new DashboardLookups(this.discord, () => this.guildIdValue);
    this.channels = new ChannelVisibility(ctx.storage);
    this.threads = new ThreadDirectory(ctx.storage, this.discord);
    this.tickets = new TicketDesk({
      ...parts,
      storage: ctx.storage,
      desk: this.desk,
      answers: () => this.feedback.answers,
      waitUntil: (promise) => ctx.waitUntil(promise),
    });
    this.feedback = new FeedbackDesk({ ...parts, ctx, timers: this.timers, desk: this.desk, escalator: this.escalator, tickets: this.tickets });
    this.responder = new Responder({
      ...parts,
      moderator: this.moderator,
      desk: this.desk,
      escalator: this.escalator,
      meter: this.meter,
      replies: this.replies,
      memberLimit: this.memberLimit,
      channels: this.channels,
      threads: this.threads,
      feedback: this.feedback,
      tickets: this.tickets,
    });
    this.proactive = new ProactivePoster(ctx.storage, this.timers, { ...parts, meter: this.meter, answerer: () => this.responder.answerer() });
    this.inbox = new Inbox(
      ctx.storage,
      (event, mode) => this.handleEvent(event, mode),
      () => ({ guildId: this.guildIdValue }),
      (at) => this.timers.scheduleNoLaterThan('inbox', at),
    );
    this.retention = new Retention(ctx.storage, [
      this.conversations,
      this.moderator,
      this.inbox,
      this.proactive,
      this.escalator,
      this.replies,
      this.memberLimit,
      this.askReplays,
      { prune: () => this.tokens.pruneTickets(Date.now()) },
      this.feedback,
    ]);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, GUILD_MIGRATIONS);
      this.settings = loadSettings(this.readJson<unknown>('settings'));
      this.guildIdValue ??= this.readJson<string>('guild_id');
      // Actors whose cleanup timer was lost (older versions only re-armed it on new events) get it back.
      if (this.timers.get('cleanup') === null && this.retention.hasExpiringState()) await this.timers.schedule('cleanup', Date.now() + CLEANUP_INTERVAL_MS);
    });
  }

  // ---- settings ------------------------------------------------------------------------------------

  getSettings(): PublicSettings {
    return publicSettings(this.settings);
  }

  async patchSettings(patch: unknown): Promise<Result<PublicSettings>> {
    const result = await applyPatchCheckingCustomBot(
      { env: this.env, guildId: this.guildId, current: () => this.settings, recentChecks: () => this.readJson<number[]>('custom_bot_checks') ?? [], saveChecks: (recent) => this.writeJson('custom_bot_checks', recent) },
      patch,
    );
    if (!result.ok) return result;
    // From here to the write nothing awaits, so the merge just returned is what gets stored.
    const before = this.settings;
    const [was, now] = [before.customBot, result.value.customBot];
    const botChanged = customBotChanged(was, now);
    this.settings = result.value;
    this.writeJson('settings', this.settings);
    log('GuildActor.settings', { guildId: this.guildId, responseMode: this.settings.responseMode });
    // Live monitoring is not on the starter plan: a downgrade ends the open sessions too.
    if (this.settings.plan === 'starter' && before.plan !== 'starter') {
      this.desk.closeSockets(() => true, LiveCloseCode.PlanChanged, 'live monitoring needs the standard or pro plan');
    }
    await this.proactive.settingsChanged(before.proactive, this.settings.proactive);
    if (AutomodBridge.needsSync(before.moderation, this.settings.moderation) || this.automod.retryWanted(this.settings.moderation)) await this.timers.schedule('moderation', Date.now(), AUTOMOD_SYNC_KEY);
    if (was && was.applicationId !== now?.applicationId) await detachCustomBot(this.env, this.guildId, was.applicationId);
    if (botChanged && now) this.ctx.waitUntil(connectCustomBot(this.env, this.guildIdValue, now));
    return { ok: true, value: publicSettings(this.settings) };
  }

  // ---- dashboard (contract §7) ----------------------------------------------------------------------

  /** Whether the member holds one of `agentRoleIds` (asked of Discord with this guild's bot, cached a minute). */
  async isAgent(userId: string): Promise<boolean> {
    const agentRoles = this.settings.agentRoleIds;
    if (agentRoles.length === 0) return false;
    const roles = await this.dashboardLookups.memberRoles(userId);
    return roles !== null && roles.some((role) => agentRoles.includes(role));
  }

  /** The guild's channels and roles by name, so the dashboard never asks an owner for raw ids. */
  directory(): Promise<GuildDirectory> {
    return this.dashboardLookups.directory(this.guildId);
  }

  // ---- tokens (contract §3) ------------------------------------------------------------------------

  private signingKey(): Result<string> {
    const key = signingKey(readConfig(this.env));
    return key ? { ok: true, value: key } : { ok: false, status: 503, error: 'neither SESSION_SECRET nor ADMIN_TOKEN is set: nothing can be signed' };
  }

  async mintToken(role: GuildRole, label: string | null = null): Promise<Result<MintedToken>> {
    const key = this.signingKey();
    if (!key.ok) return key;
    const minted = await this.tokens.mint(this.guildId, role, label, key.value, Date.now());
    if (minted.ok) log('GuildActor.tokenMinted', { guildId: this.guildId, tokenId: minted.value.id, role });
    return minted;
  }

  /** Called by the Worker only after the token's signature checked out, so a forged token never gets here. */
  verifyToken(token: string): Promise<{ role: GuildRole; tokenId: string } | null> {
    return this.tokens.verify(token, Date.now());
  }

  listTokens(): TokenView[] {
    return this.tokens.list();
  }

  /** Revokes a token at once: its requests get 401 from now on and its open live sockets are closed. */
  revokeToken(tokenId: string): boolean {
    if (!this.tokens.revoke(tokenId)) return false;
    const closed = this.desk.closeSockets((a) => a?.tokenId === tokenId, LiveCloseCode.TokenRevoked, 'token revoked');
    log('GuildActor.tokenRevoked', { guildId: this.guildId, tokenId, socketsClosed: closed });
    return true;
  }

  /** A short-lived, single-use ticket that opens the live socket (browsers cannot send a bearer header). */
  async liveTicket(grant: LiveGrant): Promise<Result<LiveTicket>> {
    if (this.settings.plan === 'starter') return { ok: false, status: 403, error: 'live monitoring and takeover need the standard or pro plan' };
    const key = this.signingKey();
    if (!key.ok) return key;
    return this.tokens.issueTicket(this.guildId, grant, key.value, Date.now());
  }

  // ---- knowledge base ------------------------------------------------------------------------------

  listKnowledge(): DocumentSummary[] {
    return this.knowledge.list();
  }

  addKnowledge(input: { title: string; content: string }): Result<DocumentSummary> {
    if (input.title.length > MAX_TITLE_CHARS) return { ok: false, status: 400, error: `title: at most ${MAX_TITLE_CHARS} characters`, field: 'title' };
    if (input.content.length > MAX_DOCUMENT_CHARS) {
      return { ok: false, status: 413, error: `content: at most ${MAX_DOCUMENT_CHARS} characters`, field: 'content' };
    }
    if (this.knowledge.count() >= MAX_DOCUMENTS) {
      return { ok: false, status: 409, error: `knowledge base is full (${MAX_DOCUMENTS} documents); delete one first` };
    }
    return { ok: true, value: this.knowledge.add(input.title, input.content) };
  }

  getKnowledge(docId: string): (DocumentSummary & { content: string }) | null {
    return this.knowledge.get(docId);
  }

  deleteKnowledge(docId: string): boolean {
    return this.knowledge.delete(docId);
  }

  // ---- web sources (src/sources) ------------------------------------------------------------------

  listSources(): SourceView[] {
    return this.sources.list();
  }

  addSource(input: SourceInput): Promise<Result<SourceView>> {
    return this.sources.add(input);
  }

  removeSource(sourceId: string): Promise<{ documents: number } | null> {
    return this.sources.remove(sourceId);
  }

  syncSource(sourceId: string): Promise<SourceView | null> {
    return this.sources.syncNow(sourceId);
  }

  // ---- conversations, usage, moderation log, proactive ---------------------------------------------

  listConversations(): ConversationView[] {
    const held = new Map<string, HeldConversation>(this.desk.held().map((h) => [h.conversationId, h]));
    const timeoutMs = readConfig(this.env).takeoverTimeoutSeconds * 1000;
    const listed = this.conversations.conversations();
    // A conversation an agent took before anyone answered has no turns yet; it is listed all the same.
    const seen = new Set(listed.map((c) => c.conversationId));
    for (const hold of held.values()) {
      if (seen.has(hold.conversationId)) continue;
      const [channelId = '', userId = ''] = hold.conversationId.split(':');
      listed.push({ conversationId: hold.conversationId, channelId, userId, turns: 0, lastAt: hold.lastActionAt });
    }
    return listed.map((c) => {
      const hold = held.get(c.conversationId);
      const releaseAt = hold ? new Date(Date.parse(hold.lastActionAt) + timeoutMs).toISOString() : null;
      // An open ticket holds its thread's conversation for the staff until it is closed.
      if (!hold && this.tickets.isOpenThread(c.channelId)) return { ...c, held: true, heldBy: 'ticket', releaseAt: null };
      return { ...c, held: hold !== undefined, heldBy: hold?.agent ?? null, releaseAt };
    });
  }

  usage(): Promise<UsageReport> {
    return this.meter.report();
  }

  moderationLog(limit: number, before: number | null) {
    return this.moderator.entries(limit, before);
  }

  /** POST .../moderation/preview: the stored rules when `rules` is null; acts on nothing, counts nothing. */
  previewModeration(rules: string | null, message: PreviewMessage | null): ModerationPreview & { automod?: AutomodStatus } {
    const preview = this.moderator.preview(this.settings, rules ?? this.settings.moderation.rules, message, this.guildId, readConfig(this.env).openaiApiKey !== null);
    // The AutoMod bridge's last sync: Herald's rules there, what does not fit, a missing permission.
    const automod = this.automod.status();
    return automod !== null && (this.settings.moderation.automod || automod.rules.length > 0) ? { ...preview, automod } : preview;
  }

  reverseModeration(id: number): Promise<Result<ModerationLogEntry>> {
    return this.moderator.reverse(this.guildId, id);
  }

  /** GET /api/guilds/:guildId/insights: questions, answers, votes and escalations of the last `days` days. */
  insights(days: number): Insights {
    return this.feedback.insights(days);
  }

  sendProactiveNow(): Promise<Result<{ channelId: string; content: string }>> {
    return this.proactive.postNow();
  }

  proactiveStatus(): ProactiveStatus {
    return this.proactive.status();
  }

  // ---- gateway events and /ask -----------------------------------------------------------------------

  /**
   * Takes one event from a GatewayShard. Returns once the event is stored and, while it is being handled, at most
   * ACK_HOLD_MS later, so the shard never waits on an answer; `duplicate` is true when this event was already
   * taken (a replay after RESUME).
   */
  async receiveGatewayEvent(event: GuildGatewayEvent): Promise<{ duplicate: boolean; rejected?: string }> {
    // Refused before it is stored: a malformed event in the inbox would stop the guild's later events.
    const problem = guildEventProblem(event);
    if (problem) {
      logError('GuildActor.rejectedEvent', new Error(`${problem}: missing or invalid`), { guildId: this.guildId, eventId: String((event as { eventId?: unknown }).eventId), field: problem });
      return { duplicate: false, rejected: problem };
    }
    const taken = await this.enqueue(event);
    // The reply leaves before the acknowledgement (see ACK_HOLD_MS).
    const handling = this.inbox.handling(event.eventId);
    if (handling) await settledWithin(handling, ACK_HOLD_MS);
    return taken;
  }

  /** Takes a `/ask` the Worker has acknowledged; the answer is delivered through the follow-up webhook. */
  async receiveAsk(event: AskEvent): Promise<{ duplicate: boolean }> {
    // Kept by time, not by count as seen_events is: a replayed signed /ask is refused for as long as its signature is accepted.
    if (!this.askReplays.claim(event.eventId)) {
      log('GuildActor.askReplay', { guildId: this.guildId, eventId: event.eventId });
      return { duplicate: true };
    }
    return this.enqueue(event);
  }

  // ---- buttons (message components) -------------------------------------------------------------------

  /**
   * A verified click on one of Herald's buttons. Must answer well within Discord's 3-second deadline: a
   * handler records the click and answers at once, or defers and finishes through the follow-up webhook.
   * Each feature checks the click's arguments against this guild's own records before acting.
   */
  async receiveComponent(click: ComponentClick): Promise<APIInteractionResponse> {
    switch (click.feature) {
      case 'vote':
        return this.feedback.vote(click);
      case 'human':
        return this.feedback.human(click);
      case 'solved':
        return this.feedback.solved(click);
      case 'ticket':
        return this.tickets.close(click);
        log('GuildActor.componentUnhandled', { guildId: this.guildId, feature: click.feature });
        return ephemeral('This button no longer works.');
      case 'review':
        return this.reviewDesk.onReviewClick(this.guildId, click);
      case 'appeal':
        return this.reviewDesk.onAppealClick(this.guildId, click);
      default:
        return unreachableFeature(click.feature);
    }
  }

  private async enqueue(event: GuildEvent): Promise<{ duplicate: boolean }> {
    // A message that needs nothing durable is handled now, with one row (its dedupe id) instead of the inbox's.
    const inline = event.kind === 'message_create' ? this.responder.handleInline(event, this.inbox.hasQueued(orderKey(event)), () => this.inbox.remember(event.eventId)) : 'inbox';
    if (inline === 'duplicate') {
      log('GuildActor.duplicatePassThrough', { guildId: this.guildId, eventId: event.eventId });
      return { duplicate: true };
    }
    if (inline === 'handled') {
      // seen_events is pruned by the cleanup timer.
      await this.timers.scheduleNoLaterThan('cleanup', Date.now() + CLEANUP_INTERVAL_MS);
      return { duplicate: false };
    }
    const added = this.inbox.add(event);
    if (added === 'duplicate') {
      log('GuildActor.duplicate', { guildId: this.guildId, eventId: event.eventId });
      return { duplicate: true };
    }
    if (added === 'full') {
      // Nothing stored or remembered: the shard keeps the event in its outbox and delivers it again later.
      log('GuildActor.inboxFull', { guildId: this.guildId, eventId: event.eventId, kind: event.kind, size: this.inbox.size() });
      throw new Error(`guild ${this.guildId}: inbox full, deliver again later`);
    }
    if (added === 'overflow') log('GuildActor.inboxOverflow', { guildId: this.guildId, eventId: event.eventId, kind: event.kind, size: this.inbox.size() });
    // The alarm is the safety net: whatever the immediate run does not finish (eviction), it picks up.
    await this.timers.scheduleNoLaterThan('inbox', Date.now() + INBOX_SAFETY_NET_MS);
    await this.timers.scheduleNoLaterThan('cleanup', Date.now() + CLEANUP_INTERVAL_MS);
    this.inbox.pump();
    return { duplicate: false };
  }

  private handleEvent(event: GuildEvent, mode: InboxMode): Promise<void> {
    switch (event.kind) {
      case 'message_create':
        // Over the inbox's caps a message is still moderated, only not answered.
        return this.responder.handleMessage(event, mode === 'full');
      case 'message_update':
        return this.responder.handleEdit(event);
      case 'ask':
        if (mode === 'overflow') return this.discord.postFollowUp(event.applicationId, event.interactionToken, INBOX_BUSY_TEXT, event.acknowledgedAt).then(() => undefined);
        return this.responder.handleAsk(event);
      case 'guild_state':
        this.moderator.recordGuildState(event.ownerId, event.roles);
        if (event.channels) this.channels.replaceAll(event.channels);
        if (event.forumIds) this.threads.replaceForums(event.forumIds);
        for (const thread of event.threads ?? []) this.threads.record(thread);
        return Promise.resolve();
      case 'channel':
        if (event.public === null) this.channels.forget(event.channelId);
        else this.channels.record(event.channelId, event.public);
        if (event.forum !== undefined) this.threads.recordChannel(event.channelId, event.public === null ? null : event.forum);
        return Promise.resolve();
      case 'thread':
        if (event.thread) this.threads.record(event.thread);
        else this.threads.forget(event.threadId);
        return Promise.resolve();
      case 'role':
        this.moderator.recordRole(event.roleId, event.permissions);
        return Promise.resolve();
      case 'automod_execution':
        this.automod.recordExecution(event);
        return Promise.resolve();
    }
  }

  /** Storage rows read and written since this instance started, and the shared ledger that counts this guild's quota (null: its own book). */
  rowStats(): { rows: InstanceRowCounts; ledger: string | null } {
    return { rows: this.rows.counts(), ledger: this.meter.ledgerName() };
  }

  // ---- live monitoring (WebSocket Hibernation API) ---------------------------------------------------

  /** The Worker forwards an authenticated `GET /api/guilds/:guildId/live` upgrade here. */
  override async fetch(request: Request): Promise<Response> {
    const guildId = request.headers.get('x-herald-guild');
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket' || !guildId) {
      return Response.json({ error: 'expected a WebSocket upgrade' }, { status: 426 });
    }
    if (this.settings.plan === 'starter') {
      return Response.json({ error: 'live monitoring and takeover need the standard or pro plan' }, { status: 403 });
    }
    // The cap first, so a refused upgrade does not use up the caller's ticket.
    if (this.desk.sockets().length >= MAX_LIVE_SOCKETS) {
      return Response.json({ error: `this server already has ${MAX_LIVE_SOCKETS} live connections` }, { status: 429 });
    }
    const grant = this.liveGrantOf(request);
    if (!grant) return Response.json({ error: 'this live ticket was used, has expired or its token was revoked' }, { status: 401 });
    const pair = new WebSocketPair();
    const attachment: AgentAttachment = { agent: request.headers.get('x-herald-agent') ?? grant.role, role: grant.role, tokenId: grant.tokenId };
    this.desk.accept(pair[1], attachment);
    log('GuildActor.agentConnected', { guildId, agent: attachment.agent, agents: this.desk.sockets().length });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * Who opens this socket: a ticket is used up here (single use); a bearer token the Worker verified is
   * checked again, since it may have been revoked between the Worker's check and this upgrade.
   */
  private liveGrantOf(request: Request): LiveGrant | null {
    const ticketNonce = request.headers.get('x-herald-ticket');
    if (ticketNonce) return this.tokens.consumeTicket(ticketNonce, Date.now());
    const role = request.headers.get('x-herald-role') as LiveGrant['role'] | null;
    const tokenId = request.headers.get('x-herald-token-id');
    if (!role) return null;
    if (role === 'operator') return { role, tokenId: null };
    // A dashboard user signed in with Discord: the Worker verified the session and its role in this guild.
    if (!tokenId && request.headers.get('x-herald-session')) return { role, tokenId: null };
    return tokenId && this.tokens.exists(tokenId) ? { role, tokenId } : null;
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
    // Each timer on its own, and its row removed only after its handler finished: one failing (or an
    // eviction mid-way) never loses it or the others. Nothing here waits for the inbox to go idle.
    for (const timer of this.timers.due(Date.now())) {
      try {
        await this.runTimer(timer);
        this.timers.done(timer);
      } catch (error) {
        logError('GuildActor.alarm', error, { guildId: this.guildIdValue, timer: timer.kind, key: timer.key });
        try {
          const retryMs = error instanceof RateLimitedError ? Math.max(error.retryAfterMs, 1_000) : TIMER_RETRY_MS;
          await this.timers.schedule(timer.kind, Date.now() + retryMs, timer.key);
        } catch (rescheduleError) {
          logError('GuildActor.alarmReschedule', rescheduleError, { guildId: this.guildIdValue, timer: timer.kind, key: timer.key });
        }
      }
    }
    try {
      await this.timers.arm();
    } catch (error) {
      logError('GuildActor.alarmArm', error, { guildId: this.guildIdValue });
    }
  }

  private async runTimer(timer: TimerRow<GuildTimer>): Promise<void> {
    const kind = timer.kind;
    switch (kind) {
      case 'inbox': {
        // Parked and failed events whose time has come run again. While anything is stored the timer stays
        // (moved, so done() keeps it): the next hold's end, and at least every INBOX_SAFETY_NET_MS as the safety net.
        const next = this.inbox.wake();
        if (next !== null || this.inbox.size() > 0) await this.timers.schedule('inbox', Math.min(next ?? Infinity, Date.now() + INBOX_SAFETY_NET_MS));
        return;
      }
      case 'cleanup':
        this.retention.run();
        // Retention holds for idle guilds too: re-armed while anything is left that expires.
        if (this.retention.hasExpiringState()) await this.timers.schedule('cleanup', Date.now() + CLEANUP_INTERVAL_MS);
        return;
      case 'takeover':
        await this.desk.expire(timer.key);
        return;
      case 'proactive':
        await this.proactive.onTimer();
        return;
      case 'source':
        await this.sources.onTimer(timer.key);
        return;
      case 'solvedArchive':
        await this.feedback.archiveSolved(timer.key);
        return;
      case 'moderation':
        if (timer.key === AUTOMOD_SYNC_KEY) await this.automod.sync(this.guildIdValue ?? '', this.settings);
        else await this.reviewDesk.runTimer(this.guildIdValue ?? '', timer.key);
        return;
      default: {
        const unknown: never = kind;
        throw new Error(`unknown timer kind ${String(unknown)}`);
      }
    }
  }

  // ---- storage helpers -----------------------------------------------------------------------------

  /** The guild this actor serves: its name (every caller gets it with `idFromName(guildId)`). */
  private get guildId(): string {
    return this.guildIdValue ?? '';
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
