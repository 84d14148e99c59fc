// GatewayShard: one Durable Object per (application, shard). It keeps Discord's gateway WebSocket open,
// persists its session and resume URL, and as its resume point a sequence every earlier event has settled
// at (at most once a second, not per event), and routes each guild dispatch to that guild's GuildActor
// without waiting on anything slow. An outbound WebSocket never
// hibernates and is cut by every deploy, so RESUME is the normal path and an alarm watchdog brings the
// connection back after eviction or restart.

import { DurableObject } from 'cloudflare:workers';
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayReceivePayload,
  type GatewaySendPayload,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { readConfig } from '../config';
import { AppGuildFilter } from '../custom-bot/registry';
import { DiscordRest } from '../discord/rest';
import {
  closeCodeReason,
  closeCodeRecovery,
  gatewayFetchUrl,
  identifyWait,
  initialIdentifyDelay,
  INTENTS,
  invalidSessionDelay,
  isGatewayUrl,
  reconnectDelay,
  RESUME_URL_ATTEMPTS,
  Recovery,
  RESUMABLE_CLOSE_CODE,
  SEND_LIMIT,
  ShardStatus,
} from '../gateway/protocol';
import { SHARED_APP } from '../gateway/control';
import { GuildEventRouter } from '../gateway/event-router';
import { guildEventOf } from '../gateway/guild-events';
import { parseGatewayFrame, shardDispatchProblem } from '../gateway/payloads';
import { Heartbeat } from '../gateway/heartbeat';
import { upgradeWithTimeout } from '../gateway/upgrade';
import type { BotIdentity } from '../guild/events';
import { readShardRow, SHARD_MIGRATIONS, type ShardRow, type ShardTimer } from '../gateway/schema';
import { toStatusView, type ShardStartOptions, type ShardStatusView } from '../gateway/shard-status';
import { log, logError } from '../log';
import { migrate } from '../storage/migrate';
import { countRows, type InstanceRowCounts, type RowStats } from '../storage/row-stats';
import { Timers, type TimerRow } from '../storage/timers';
import { SequenceWatermark, type SequenceTicket } from '../gateway/watermark';

/** How often the alarm checks that the connection is alive (and revives it after eviction). */
export const WATCHDOG_INTERVAL_MS = 10_000;
/** How long a new connection may take to reach READY or RESUMED before the watchdog starts over. */
const HANDSHAKE_TIMEOUT_MS = 30_000;
/** How long the gateway's WebSocket upgrade may take before it counts as failed (and is retried). */
export const GATEWAY_UPGRADE_TIMEOUT_MS = 15_000;
/** A timer whose handler failed runs again after this long. */
const TIMER_RETRY_MS = 5_000;
/**
 * The resume point (and the routed-events count) is stored at most this often, not per event: an eviction
 * replays at most this much more on RESUME, which the guild actors drop as duplicates.
 */
export const SEQUENCE_STORE_INTERVAL_MS = 1_000;

export class GatewayShard extends DurableObject<Env> {
  private row!: ShardRow;
  private readonly timers: Timers<ShardTimer>;
  private socket: WebSocket | null = null;
  private connecting = false;
  private connectAttemptId = 0;
  /** When the pending connection attempt began (a stuck attempt is abandoned by the watchdog). */
  private connectingSince = 0;
  /** Whether this connection's HELLO arrived: HELLO is only valid as a connection's first frame. */
  private helloSeen = false;
  /** Consecutive failed attempts to reach the session's resume URL. */
  private resumeUrlFailures = 0;
  private readonly heartbeat = new Heartbeat({
    beat: () => this.send({ op: GatewayOpcodes.Heartbeat, d: this.row.sequence }, true),
    zombie: () => {
      // No ACK since the last beat: the connection is a zombie. Close it and resume.
      log('GatewayShard.zombie', { shard: this.row.shard_id, appKey: this.row.app_key });
      this.dropAndReconnect(Recovery.Resume, 'heartbeat not acknowledged (zombie connection)', 0);
    },
  });
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempt = 0;
  private sendTimes: number[] = [];
  private readonly router: GuildEventRouter;
  private readonly appGuilds: AppGuildFilter;
  /** Where a RESUME after an eviction must start: every event up to it is settled (see watermark.ts). */
  private readonly watermark = new SequenceWatermark(null);
  /** The resume point and routed-events count as last stored (row.sequence is the last received). */
  private stored = { sequence: null as number | null, eventsRouted: 0 };
  private storeTimer: ReturnType<typeof setTimeout> | null = null;
  /** The dispatch being handled, until a route claims it (unclaimed ones settle at once). */
  private currentTicket: SequenceTicket | null = null;

  private readonly rows: RowStats;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.rows = countRows(ctx.storage);
    this.timers = new Timers<ShardTimer>(ctx.storage);
    // A custom application routes only the guilds that chose it (the registry says which); the shared one all.
    this.appGuilds = new AppGuildFilter(env, () => this.row.application_id);
    this.router = new GuildEventRouter(
      ctx.storage,
      env,
      this.timers,
      (guildId) => (this.row.app_key === SHARED_APP ? Promise.resolve(true) : this.appGuilds.allows(guildId)),
      (ticket) => this.settled(ticket),
    );
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, SHARD_MIGRATIONS);
      this.row = readShardRow(this.ctx.storage.sql);
      this.watermark.reset(this.row.sequence);
      this.stored = { sequence: this.row.sequence, eventsRouted: this.row.events_routed };
      // A new instance has no socket, whatever the stored status says (restart, deploy, eviction):
      // say so, and reconnect (resuming) on whatever woke us rather than at the next watchdog tick.
      if (this.row.enabled === 1 && this.row.status !== ShardStatus.Stopped && this.row.status !== ShardStatus.Idle) {
        this.update({ status: ShardStatus.Reconnecting });
        ctx.waitUntil(this.ensureConnected());
      }
    });
  }

  // ---- RPC -------------------------------------------------------------------------------------------

  /** Enables the shard and connects (or keeps the live connection when it is already up). */
  async start(options: ShardStartOptions): Promise<ShardStatusView> {
    const sameToken = this.row.token === options.token && this.row.app_key === options.appKey;
    this.update({
      app_key: options.appKey,
      application_id: options.applicationId,
      shard_id: options.shardId,
      shard_count: options.shardCount,
      token: options.token,
      gateway_url: options.gatewayUrl,
      enabled: 1,
      stop_reason: null,
      max_concurrency: options.maxConcurrency ?? 1,
      session_start_remaining: options.sessionStartRemaining ?? null,
      session_start_reset_at: options.sessionStartResetAfter == null ? null : Date.now() + options.sessionStartResetAfter,
      ...(sameToken ? {} : { session_id: null, sequence: null, resume_url: null }),
    });
    if (this.row.status === ShardStatus.Stopped) this.update({ status: ShardStatus.Idle });
    // Started again because a guild was just attached: ask the registry afresh.
    this.appGuilds.invalidate();
    if (!sameToken) this.closeSocket(1000, 'token changed');
    await this.timers.schedule('watchdog', Date.now() + WATCHDOG_INTERVAL_MS);
    // Shards identify in waves of max_concurrency, one wave per 5 s, as Discord requires.
    const delay = this.row.session_id ? 0 : initialIdentifyDelay(options.shardId, this.row.max_concurrency);
    if (delay > 0 && !this.socket) this.scheduleReconnect(delay);
    else await this.ensureConnected();
    return this.status();
  }

  /** Disables the shard: closes the socket, forgets the session, stops the watchdog. */
  async stop(): Promise<ShardStatusView> {
    this.update({ enabled: 0, status: ShardStatus.Idle, session_id: null, sequence: null, resume_url: null });
    this.closeSocket(1000, 'stopped by operator');
    await this.timers.cancel('watchdog');
    return this.status();
  }

  /** The guilds this shard is connected to, with their names (for the dashboard); `only` narrows to those ids. */
  connectedGuilds(only?: string[]): { id: string; name: string | null }[] {
    const rows = this.ctx.storage.sql.exec<{ guild_id: string; name: string | null }>('SELECT guild_id, name FROM shard_guilds ORDER BY name').toArray();
    const wanted = only ? new Set(only) : null;
    return rows.filter((row) => !wanted || wanted.has(row.guild_id)).map((row) => ({ id: row.guild_id, name: row.name }));
  }

  /** Storage rows read and written since this instance started (the bench's and the operator's cost figures); reads no storage. */
  rowStats(): { rows: InstanceRowCounts; shardCount: number } {
    return { rows: this.rows.counts(), shardCount: this.row.shard_count };
  }

  status(): ShardStatusView {
    const guildCount = this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM shard_guilds').one().n;
    return toStatusView(this.row, guildCount, this.router.size(), Date.now());
  }

  // ---- alarm: watchdog and outbox ------------------------------------------------------------------

  override async alarm(): Promise<void> {
    // Each timer on its own (a failing watchdog must not skip the outbox flush), its row removed only after
    // its handler finished.
    for (const timer of this.timers.due(Date.now())) {
      try {
        await this.runTimer(timer);
        this.timers.done(timer);
      } catch (error) {
        logError('GatewayShard.alarm', error, { shard: this.row.shard_id, appKey: this.row.app_key, timer: timer.kind });
        try {
          await this.timers.schedule(timer.kind, Date.now() + TIMER_RETRY_MS, timer.key);
        } catch (rescheduleError) {
          logError('GatewayShard.alarmReschedule', rescheduleError, { shard: this.row.shard_id, appKey: this.row.app_key, timer: timer.kind });
        }
      }
    }
    try {
      await this.timers.arm();
    } catch (error) {
      logError('GatewayShard.alarmArm', error, { shard: this.row.shard_id, appKey: this.row.app_key });
    }
  }

  private async runTimer(timer: TimerRow<ShardTimer>): Promise<void> {
    const kind = timer.kind;
    switch (kind) {
      case 'watchdog':
        await this.watchdog();
        return;
      case 'outbox':
        await this.router.flush();
        return;
      default: {
        const unknown: never = kind;
        throw new Error(`unknown timer kind ${String(unknown)}`);
      }
    }
  }

  private async watchdog(): Promise<void> {
    if (this.row.enabled !== 1) return;
    await this.timers.schedule('watchdog', Date.now() + WATCHDOG_INTERVAL_MS);
    this.router.spill();
    if (this.router.size() > 0) await this.router.flush();
    if (this.row.status === ShardStatus.Stopped) return;
    // A socket that never got to READY/RESUMED (no HELLO, no answer to IDENTIFY) is not a connection.
    const handshaking = this.row.status !== ShardStatus.Ready && this.row.status !== ShardStatus.Reconnecting;
    if (this.socket && handshaking && Date.now() - (this.row.connected_at ?? 0) > HANDSHAKE_TIMEOUT_MS) {
      this.dropAndReconnect(Recovery.Resume, 'no READY or RESUMED in time (handshake timeout)', 0);
      return;
    }
    await this.ensureConnected();
  }

  // ---- connection ----------------------------------------------------------------------------------

  private async ensureConnected(): Promise<void> {
    if (this.row.enabled !== 1 || this.row.status === ShardStatus.Stopped) return;
    if (this.socket) return;
    if (this.connecting) {
      // The upgrade has its own deadline; this is the backstop so no attempt can hold `connecting` for good.
      if (Date.now() - this.connectingSince <= 2 * GATEWAY_UPGRADE_TIMEOUT_MS) return;
      logError('GatewayShard.connectStuck', new Error('connection attempt never settled; starting over'), { shard: this.row.shard_id, appKey: this.row.app_key });
    }
    await this.openConnection();
  }

  private async openConnection(): Promise<void> {
    const token = this.row.token;
    const viaResumeUrl = Boolean(this.row.resume_url && this.row.session_id);
    const baseUrl = viaResumeUrl ? this.row.resume_url : this.row.gateway_url;
    if (!token || !baseUrl) return;
    const attempt = ++this.connectAttemptId;
    this.connecting = true;
    this.connectingSince = Date.now();
    this.clearReconnectTimer();
    this.update({ status: ShardStatus.Connecting });
    try {
      const response = await upgradeWithTimeout(gatewayFetchUrl(baseUrl), GATEWAY_UPGRADE_TIMEOUT_MS);
      const ws = response.webSocket;
      if (!ws) throw new Error(`gateway answered ${response.status} without a WebSocket`);
      ws.accept();
      if (attempt !== this.connectAttemptId || this.socket) {
        // The watchdog gave up on this attempt and started another: this late socket is not ours.
        ws.close(1000, 'superseded connection attempt');
        return;
      }
      this.socket = ws;
      this.helloSeen = false;
      if (viaResumeUrl) this.resumeUrlFailures = 0;
      this.update({ connected_at: Date.now() });
      ws.addEventListener('message', (event) => this.onSocketMessage(ws, event.data));
      ws.addEventListener('close', (event) => this.onSocketClose(ws, event.code, event.reason));
      ws.addEventListener('error', () => this.onSocketClose(ws, 1006, 'socket error'));
      log('GatewayShard.connected', { shard: this.row.shard_id, appKey: this.row.app_key, resuming: Boolean(this.row.session_id) });
    } catch (error) {
      if (attempt !== this.connectAttemptId) return;
      logError('GatewayShard.connect', error, { shard: this.row.shard_id, appKey: this.row.app_key, viaResumeUrl });
      // An unreachable resume URL must not wedge the shard: after a few tries, resume through the main URL.
      if (viaResumeUrl && ++this.resumeUrlFailures >= RESUME_URL_ATTEMPTS) {
        log('GatewayShard.resumeUrlDropped', { shard: this.row.shard_id, appKey: this.row.app_key, resumeUrl: this.row.resume_url });
        this.resumeUrlFailures = 0;
        this.update({ resume_url: null });
      }
      this.update({ status: ShardStatus.Reconnecting, last_close_reason: `could not connect: ${error instanceof Error ? error.message : String(error)}` });
      this.scheduleReconnect(reconnectDelay(this.reconnectAttempt++, Math.random()));
    } finally {
      if (attempt === this.connectAttemptId) this.connecting = false;
    }
  }

  private onSocketMessage(ws: WebSocket, data: string | ArrayBuffer): void {
    if (ws !== this.socket) return;
    // Validated once here: a junk frame (null, not JSON, a missing field) is logged and skipped.
    const parsed = parseGatewayFrame(data);
    // HELLO is a connection's first frame; a connection that opens with anything else is broken.
    if (!this.helloSeen && (!parsed.ok || parsed.value.op !== GatewayOpcodes.Hello)) {
      const reason = parsed.ok ? `first frame was op ${parsed.value.op}, not HELLO` : `first frame was not a valid HELLO (${parsed.field}: ${parsed.error})`;
      logError('GatewayShard.badHello', new Error(reason), { shard: this.row.shard_id, appKey: this.row.app_key });
      this.dropAndReconnect(Recovery.Resume, reason, reconnectDelay(this.reconnectAttempt++, Math.random()));
      return;
    }
    if (!parsed.ok) {
      logError('GatewayShard.malformedFrame', new Error(`${parsed.field}: ${parsed.error}`), { shard: this.row.shard_id, appKey: this.row.app_key, field: parsed.field });
      return;
    }
    const payload = parsed.value;
    try {
      this.handlePayload(payload);
    } catch (error) {
      logError('GatewayShard.webSocketMessage', error, { shard: this.row.shard_id, op: payload.op, t: payload.op === GatewayOpcodes.Dispatch ? payload.t : null });
    }
  }

  private handlePayload(payload: GatewayReceivePayload): void {
    switch (payload.op) {
      case GatewayOpcodes.Hello:
        if (this.helloSeen) {
          // Real Discord never sends a second HELLO; acting on one would IDENTIFY or RESUME an open session.
          log('GatewayShard.unexpectedHello', { shard: this.row.shard_id, appKey: this.row.app_key, status: this.row.status });
          return;
        }
        this.helloSeen = true;
        this.heartbeat.start(payload.d.heartbeat_interval);
        this.identifyOrResume();
        return;
      case GatewayOpcodes.HeartbeatAck: {
        const now = Date.now();
        this.update({ last_ack_at: now, latency_ms: this.heartbeat.ack(now) });
        return;
      }
      case GatewayOpcodes.Heartbeat:
        if (this.socket) this.heartbeat.beatNow();
        return;
      case GatewayOpcodes.Reconnect:
        log('GatewayShard.reconnect', { shard: this.row.shard_id, reason: 'op 7' });
        this.dropAndReconnect(Recovery.Resume, 'op 7 reconnect requested', 0);
        return;
      case GatewayOpcodes.InvalidSession: {
        const recovery = payload.d ? Recovery.Resume : Recovery.Reconnect;
        this.dropAndReconnect(recovery, `op 9 invalid session (resumable: ${payload.d})`, invalidSessionDelay(Math.random()));
        return;
      }
      case GatewayOpcodes.Dispatch: {
        // The last received sequence (heartbeats and a RESUME on this instance use it) stays in memory; what is
        // stored is the watermark, written now and then (see storeSequenceSoon).
        const ticket = typeof payload.s === 'number' ? this.watermark.receive(payload.s) : null;
        if (typeof payload.s === 'number') this.row.sequence = payload.s;
        this.currentTicket = ticket;
        try {
          this.handleDispatch(payload);
        } finally {
          // Not routed to a guild actor (READY, a guild's own bookkeeping, an ignored event): settled here.
          if (this.currentTicket) this.settled(this.currentTicket);
          this.currentTicket = null;
        }
        return;
      }
    }
  }

  private handleDispatch(payload: GatewayDispatchPayload): void {
    const problem = shardDispatchProblem(payload);
    if (problem) return this.skipMalformed(payload, problem);
    switch (payload.t) {
      case GatewayDispatchEvents.Ready: {
        // READY only answers our IDENTIFY; one at any other time would replace a live session with a stranger's.
        if (this.row.status !== ShardStatus.Identifying) {
          log('GatewayShard.unexpectedReady', { shard: this.row.shard_id, appKey: this.row.app_key, status: this.row.status, s: payload.s });
          return;
        }
        const resumeUrl = isGatewayUrl(payload.d.resume_gateway_url) ? payload.d.resume_gateway_url : null;
        if (resumeUrl === null) {
          // The session still works; resumes then go through the main gateway URL.
          logError('GatewayShard.badResumeUrl', new Error('READY resume_gateway_url is not a ws(s) URL; ignored'), { shard: this.row.shard_id, appKey: this.row.app_key });
        }
        this.reconnectAttempt = 0;
        this.resumeUrlFailures = 0;
        this.update({
          status: ShardStatus.Ready,
          session_id: payload.d.session_id,
          resume_url: resumeUrl,
          bot_user_id: payload.d.user.id,
          application_id: payload.d.application.id,
        });
        this.ctx.storage.sql.exec('DELETE FROM shard_guilds');
        for (const guild of payload.d.guilds) this.ctx.storage.sql.exec('INSERT OR IGNORE INTO shard_guilds (guild_id) VALUES (?)', guild.id);
        log('GatewayShard.ready', { shard: this.row.shard_id, appKey: this.row.app_key, sessionId: payload.d.session_id, guilds: payload.d.guilds.length });
        return;
      }
      case GatewayDispatchEvents.Resumed:
        // Likewise RESUMED only answers our RESUME.
        if (this.row.status !== ShardStatus.Resuming) {
          log('GatewayShard.unexpectedResumed', { shard: this.row.shard_id, appKey: this.row.app_key, status: this.row.status, s: payload.s });
          return;
        }
        this.reconnectAttempt = 0;
        this.update({ status: ShardStatus.Ready, resumes: this.row.resumes + 1 });
        log('GatewayShard.resumed', { shard: this.row.shard_id, appKey: this.row.app_key, sequence: this.row.sequence });
        return;
      case GatewayDispatchEvents.GuildCreate:
        this.ctx.storage.sql.exec(
          'INSERT INTO shard_guilds (guild_id, name) VALUES (?, ?) ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name',
          payload.d.id,
          payload.d.name,
        );
        break;
      case GatewayDispatchEvents.GuildDelete:
        if (!payload.d.unavailable) this.ctx.storage.sql.exec('DELETE FROM shard_guilds WHERE guild_id = ?', payload.d.id);
        return;
      default:
        break;
    }
    const bot = this.botIdentity();
    const routed = bot ? guildEventOf(payload, bot, this.row.session_id) : null;
    if (!routed) return;
    if ('malformed' in routed) return this.skipMalformed(payload, routed.malformed);
    this.row.events_routed++;
    const ticket = this.currentTicket;
    this.currentTicket = null;
    this.router.route(routed.guildId, routed.event, ticket);
  }

  /** A dispatch missing what Herald needs is logged and dropped; the events behind it go on. */
  private skipMalformed(payload: GatewayDispatchPayload, field: string): void {
    logError('GatewayShard.malformedDispatch', new Error(`${payload.t} ${field}: missing or invalid`), {
      shard: this.row.shard_id,
      appKey: this.row.app_key,
      t: payload.t,
      s: payload.s,
      field,
    });
  }

  private botIdentity(): BotIdentity | null {
    const r = this.row;
    return r.bot_user_id ? { appKey: r.app_key, applicationId: r.application_id, botUserId: r.bot_user_id } : null;
  }

  private identifyOrResume(): void {
    const r = this.row;
    if (!r.token) return;
    if (r.session_id && r.sequence !== null) {
      this.update({ status: ShardStatus.Resuming });
      this.send({ op: GatewayOpcodes.Resume, d: { token: r.token, session_id: r.session_id, seq: r.sequence } });
      return;
    }
    void this.identify(r.token).catch((error: unknown) => logError('GatewayShard.identify', error, { shard: r.shard_id }));
  }

  /** A fresh IDENTIFY, within the daily session-start budget (refreshed from GET /gateway/bot first). */
  private async identify(token: string): Promise<void> {
    const socket = this.socket;
    await this.refreshSessionStartBudget(token);
    if (socket !== this.socket || !this.socket) return;
    const now = Date.now();
    const wait = identifyWait({ remaining: this.row.session_start_remaining, resetAt: this.row.session_start_reset_at }, now);
    if (wait > 0) {
      const reason = `session start limit used up; identifying again at ${new Date(now + wait).toISOString()}`;
      logError('GatewayShard.identifyLimit', new Error(reason), { shard: this.row.shard_id, appKey: this.row.app_key });
      this.closeSocket(1000, 'waiting for the session start limit');
      this.update({ status: ShardStatus.Reconnecting, last_close_reason: reason });
      this.scheduleReconnect(wait);
      return;
    }
    const r = this.row;
    const newWindow = now - r.identify_window_start > 24 * 60 * 60_000;
    this.update({
      status: ShardStatus.Identifying,
      identifies: r.identifies + 1,
      identify_window_start: newWindow ? now : r.identify_window_start,
      identifies_in_window: newWindow ? 1 : r.identifies_in_window + 1,
      session_start_remaining: r.session_start_remaining === null ? null : r.session_start_remaining - 1,
    });
    this.send({
      op: GatewayOpcodes.Identify,
      d: {
        token,
        intents: INTENTS,
        properties: { os: 'cloudflare-workers', browser: 'herald', device: 'herald' },
        shard: [r.shard_id, r.shard_count],
        large_threshold: 50,
      },
    });
  }

  private async refreshSessionStartBudget(token: string): Promise<void> {
    try {
      const config = readConfig(this.env);
      const info = await new DiscordRest({ apiBase: config.discordApiBase, token, maxRetries: 1 }).get<RESTGetAPIGatewayBotResult>('/gateway/bot');
      this.update({
        session_start_remaining: info.session_start_limit.remaining,
        session_start_reset_at: Date.now() + info.session_start_limit.reset_after,
        max_concurrency: info.session_start_limit.max_concurrency,
      });
    } catch (error) {
      // Keep counting down locally; the identify goes ahead on what we know.
      logError('GatewayShard.refreshSessionStartBudget', error, { shard: this.row.shard_id });
    }
  }

  // ---- sending -------------------------------------------------------------------------------------

  /** Keeps under Discord's 120 sends per 60 s; heartbeats always go (they are what the margin is for). */
  private send(payload: GatewaySendPayload, isHeartbeat = false): void {
    if (!this.socket) return;
    const now = Date.now();
    this.sendTimes = this.sendTimes.filter((at) => at > now - SEND_LIMIT.windowMs);
    if (!isHeartbeat && this.sendTimes.length >= SEND_LIMIT.perWindow) {
      log('GatewayShard.sendLimited', { shard: this.row.shard_id, op: payload.op });
      return;
    }
    this.sendTimes.push(now);
    const text = JSON.stringify(payload);
    if (text.length > 4096) {
      logError('GatewayShard.send', new Error('payload over 4096 bytes not sent'), { op: payload.op });
      return;
    }
    this.socket.send(text);
  }

  // ---- closing and reconnecting --------------------------------------------------------------------

  private onSocketClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.socket) return;
    this.socket = null;
    this.storeSequence();
    this.heartbeat.stop();
    const recovery = closeCodeRecovery(code);
    this.update({ last_close_code: code, last_close_reason: reason || closeCodeReason(code) });
    log('GatewayShard.closed', { shard: this.row.shard_id, appKey: this.row.app_key, code, reason, recovery });
    if (recovery === Recovery.Stop) {
      // The session is dead too: a later start identifies at once instead of trying to resume it.
      this.update({
        status: ShardStatus.Stopped,
        stop_reason: `closed with ${closeCodeReason(code)}: not reconnecting`,
        session_id: null,
        sequence: null,
        resume_url: null,
      });
      logError('GatewayShard.stopped', new Error(`gateway closed with ${closeCodeReason(code)}`), { shard: this.row.shard_id, appKey: this.row.app_key });
      return;
    }
    if (recovery === Recovery.Reconnect) this.update({ session_id: null, sequence: null, resume_url: null });
    this.update({ status: ShardStatus.Reconnecting, reconnects: this.row.reconnects + 1 });
    this.scheduleReconnect(reconnectDelay(this.reconnectAttempt++, Math.random()));
  }

  /** We end the connection ourselves (op 7, op 9, zombie) and come back resuming or identifying. */
  private dropAndReconnect(recovery: Recovery, reason: string, delayMs: number): void {
    if (recovery === Recovery.Reconnect) this.update({ session_id: null, sequence: null, resume_url: null });
    // 1000 would invalidate the session on Discord's side; a 4xxx code keeps it resumable.
    this.closeSocket(recovery === Recovery.Resume ? RESUMABLE_CLOSE_CODE : 1000, reason);
    this.update({ status: ShardStatus.Reconnecting, reconnects: this.row.reconnects + 1, last_close_reason: reason });
    this.scheduleReconnect(delayMs);
  }

  private closeSocket(code: number, reason: string): void {
    const ws = this.socket;
    this.socket = null;
    this.heartbeat.stop();
    if (!ws) return;
    try {
      ws.close(code, reason);
    } catch {
      // Already closed by the peer: nothing to do.
    }
  }

  private scheduleReconnect(delayMs: number): void {
    this.clearReconnectTimer();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.ensureConnected();
    }, delayMs);
    // If the object is evicted before the timer fires, the watchdog alarm reconnects.
    void this.timers.scheduleNoLaterThan('watchdog', Date.now() + delayMs + 5_000);
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  // ---- state -----------------------------------------------------------------------------------------

  private settled(ticket: SequenceTicket): void {
    this.watermark.settle(ticket);
    this.storeSequenceSoon();
  }

  /** One write per SEQUENCE_STORE_INTERVAL_MS at most, however many events arrive. */
  private storeSequenceSoon(): void {
    // A session with no stored point at all could not be resumed (a teardown would cost a new IDENTIFY):
    // its first point is stored at once.
    if (this.stored.sequence === null && this.watermark.value !== null && this.row.session_id) {
      this.storeSequence();
      return;
    }
    if (this.storeTimer) return;
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      try {
        this.storeSequence();
      } catch (error) {
        logError('GatewayShard.storeSequence', error, { shard: this.row.shard_id, appKey: this.row.app_key });
      }
    }, SEQUENCE_STORE_INTERVAL_MS);
  }

  /** Stores the resume point and the routed-events count if they moved. */
  private storeSequence(): void {
    const sequence = this.watermark.value;
    const eventsRouted = this.row.events_routed;
    if (sequence === this.stored.sequence && eventsRouted === this.stored.eventsRouted) return;
    this.ctx.storage.sql.exec('UPDATE shard SET sequence = ?, events_routed = ? WHERE id = 1', sequence, eventsRouted);
    this.stored = { sequence, eventsRouted };
  }

  /** Write-through update of the in-memory row; synchronous SQLite writes are durable before the next output. */
  private update(changes: Partial<ShardRow>): void {
    const entries = Object.entries(changes) as [keyof ShardRow, ShardRow[keyof ShardRow]][];
    if (entries.length === 0) return;
    Object.assign(this.row, changes);
    // The session was forgotten (or replaced): the resume point starts over with it.
    if ('sequence' in changes) {
      this.watermark.reset(changes.sequence ?? null);
      this.stored.sequence = changes.sequence ?? null;
    }
    const assignments = entries.map(([column]) => `${column} = ?`).join(', ');
    this.ctx.storage.sql.exec(`UPDATE shard SET ${assignments} WHERE id = 1`, ...entries.map(([, value]) => value));
  }
}
