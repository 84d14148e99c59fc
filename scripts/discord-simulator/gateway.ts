// Gateway v10 server: HELLO/heartbeat, IDENTIFY/READY, RESUME replay, intent-filtered dispatch, faults.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { ApplicationFlags as AppFlags, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from './discord-enums.js';
import type { GatewayHelloData, GatewayReadyDispatchData } from 'discord-api-types/v10';
import { isRecord } from './http-util.js';
import { applicationFlags, botUser, guildCreateData } from './payloads.js';
import type { SimStore } from './store.js';
import type { GatewayFault, GatewaySessionInfo, ResolvedOptions, SimBot } from './types.js';
import {
  MAX_BUFFERED_EVENTS,
  closeEndsSession,
  detach,
  guildOnShard,
  isSendableCloseCode,
  sessionInfo,
  type Connection,
  type Session,
  type SimDispatch,
} from './gateway-session.js';

// Every intent bit Discord defines; any other bit is an invalid intents value (4013).
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);
const SESSION_RECORD_LIMIT = 200;

// Privileged intents and the application flags (full or _LIMITED) that allow each (Discord closes with 4014).
const PRIVILEGED_INTENTS: readonly [intent: number, flags: number][] = [
  [GatewayIntentBits.GuildPresences, AppFlags.GatewayPresence | AppFlags.GatewayPresenceLimited],
  [GatewayIntentBits.GuildMembers, AppFlags.GatewayGuildMembers | AppFlags.GatewayGuildMembersLimited],
  [GatewayIntentBits.MessageContent, AppFlags.GatewayMessageContent | AppFlags.GatewayMessageContentLimited],
];

/** The privileged intents asked for that the application's flags do not allow (0: none). */
function disallowedIntents(intents: number, flags: number): number {
  return PRIVILEGED_INTENTS.reduce((refused, [intent, allowing]) => ((intents & intent) !== 0 && (flags & allowing) === 0 ? refused | intent : refused), 0);
}

export interface DispatchTarget {
  /** Guild the event belongs to, or null for DMs / bot-scoped events. */
  guildId: string | null;
  /** Intent bit required to receive it, or null for always-delivered events. */
  intent: number | null;
  /** Restrict to these bot user ids (DMs). */
  botUserIds?: string[];
}

export class GatewayServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Connection>();
  readonly sessions = new Map<string, Session>();
  private nextConnId = 1;
  private stopAcksAll = false;
  identifies = 0;
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(
    private readonly store: SimStore,
    private readonly opts: ResolvedOptions,
    private readonly gatewayUrl: () => string,
  ) {
    const every = Math.min(1000, Math.max(10, Math.floor(opts.heartbeatIntervalMs / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), every);
    this.sweepTimer.unref();
  }

  /** Routes an HTTP upgrade; returns false when the path is not the gateway. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!['/', '/gateway', '/gateway/'].includes(url.pathname)) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
    return true;
  }

  private onConnection(ws: WebSocket, query: URLSearchParams): void {
    const now = Date.now();
    const conn: Connection = { id: this.nextConnId++, ws, session: null, openedAt: now, lastHeartbeatAt: now, closing: false, sendWindowStart: now, sendCount: 0 };
    this.conns.add(conn);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code, reason) => this.onClose(conn, code, reason.toString()));
    ws.on('error', () => ws.terminate());
    const v = query.get('v');
    const encoding = query.get('encoding');
    if (v !== null && v !== '10') return this.closeConn(conn, 4012, 'Invalid API version');
    // Only JSON is spoken here; etf clients would fail to decode anything we send.
    if (encoding !== null && encoding !== 'json') return this.closeConn(conn, 4002, 'Error while decoding payload.');
    const hello: GatewayHelloData = { heartbeat_interval: this.opts.heartbeatIntervalMs };
    this.send(conn, { op: GatewayOpcodes.Hello, d: hello });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.closing) return;
    const now = Date.now();
    if (now - conn.sendWindowStart >= 60_000) {
      conn.sendWindowStart = now;
      conn.sendCount = 0;
    }
    if (++conn.sendCount > 120) return this.closeConn(conn, 4008, 'Rate limited.');
    let payload: unknown;
    try {
      payload = isBinary ? undefined : JSON.parse(rawToString(data));
    } catch {
      payload = undefined;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') return this.closeConn(conn, 4002, 'Error while decoding payload.');
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        conn.lastHeartbeatAt = now;
        if (!this.stopAcksAll && !conn.session?.stopAcks) this.send(conn, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        return this.identify(conn, payload.d);
      case GatewayOpcodes.Resume:
        return this.resume(conn, payload.d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        // Accepted but not emulated; Discord still requires an identified connection first.
        if (!conn.session) this.closeConn(conn, 4003, 'Not authenticated.');
        return;
      default:
        return this.closeConn(conn, 4001, 'Unknown opcode.');
    }
  }

  private identify(conn: Connection, d: unknown): void {
    if (conn.session) return this.closeConn(conn, 4005, 'Already authenticated.');
    if (!isRecord(d)) return this.closeConn(conn, 4002, 'Error while decoding payload.');
    const bot = typeof d.token === 'string' ? this.store.botByToken(stripBot(d.token)) : undefined;
    if (!bot) return this.closeConn(conn, 4004, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
      return this.closeConn(conn, 4013, 'Invalid intent(s).');
    }
    if (disallowedIntents(intents, applicationFlags(bot)) !== 0) return this.closeConn(conn, 4014, 'Disallowed intent(s).');
    let shard: [number, number] | null = null;
    if (d.shard !== undefined) {
      const [id, count] = Array.isArray(d.shard) ? d.shard : [];
      if (typeof id !== 'number' || typeof count !== 'number' || count < 1 || id < 0 || id >= count) {
        return this.closeConn(conn, 4010, 'Invalid shard.');
      }
      shard = [id, count];
    }
    this.identifies++;
    const remaining = this.store.sessionStartRemaining.get(bot.token) ?? 0;
    this.store.sessionStartRemaining.set(bot.token, Math.max(0, remaining - 1));
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      bot,
      intents,
      shard,
      seq: 0,
      buffer: [],
      conn,
      resumable: true,
      disconnectedAt: null,
      resumes: 0,
      closes: [],
      stopAcks: false,
      createdAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const guilds = this.botGuilds(bot).filter((g) => guildOnShard(g.id, shard));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: botUser(this.store, bot),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl(),
      application: { id: bot.applicationId, flags: applicationFlags(bot), flags_new: String(applicationFlags(bot)) },
      ...(shard ? { shard } : {}),
    };
    this.push(session, GatewayDispatchEvents.Ready, ready);
    // GUILD_CREATE belongs to the GUILDS intent; without it the guilds stay unavailable.
    if ((intents & GatewayIntentBits.Guilds) === 0) return;
    for (const guild of guilds) this.push(session, GatewayDispatchEvents.GuildCreate, guildCreateData(this.store, guild, bot));
  }

  private resume(conn: Connection, d: unknown): void {
    if (conn.session) return this.closeConn(conn, 4005, 'Already authenticated.');
    if (!isRecord(d) || typeof d.session_id !== 'string') return this.invalidSession(conn);
    const session = this.sessions.get(d.session_id);
    const token = typeof d.token === 'string' ? stripBot(d.token) : '';
    if (!session || !session.resumable || session.bot.token !== token) return this.invalidSession(conn);
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (seq > session.seq) return this.closeConn(conn, 4007, 'Invalid seq.');
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    // Events older than the replay buffer are gone; Discord then refuses the resume.
    if (seq < oldest - 1) return this.invalidSession(conn);
    const previous = session.conn;
    if (previous && previous !== conn) {
      detach(session, Date.now());
      previous.closing = true;
      session.closes.push({ code: 4000, reason: 'Session resumed on another connection', by: 'server', at: Date.now() });
      previous.ws.close(4000, 'Session resumed elsewhere');
    }
    session.conn = conn;
    session.disconnectedAt = null;
    session.resumes++;
    conn.session = session;
    for (const event of session.buffer) if (event.s > seq) this.sendRaw(conn, event);
    this.push(session, GatewayDispatchEvents.Resumed, null);
  }

  private invalidSession(conn: Connection): void {
    this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
  }

  /** Delivers an event to every session (connected or resumable) that should see it. */
  dispatch(target: DispatchTarget, t: GatewayDispatchEvents, build: (bot: SimBot, intents: number) => unknown): void {
    const guild = target.guildId ? this.store.guilds.get(target.guildId) : undefined;
    for (const session of this.sessions.values()) {
      if (!session.conn && !session.resumable) continue;
      if (guild && !guild.botAppIds.has(session.bot.applicationId)) continue;
      if (target.botUserIds && !target.botUserIds.includes(session.bot.userId)) continue;
      if (!guildOnShard(target.guildId, session.shard)) continue;
      if (target.intent !== null && (session.intents & target.intent) === 0) continue;
      this.push(session, t, build(session.bot, session.intents));
    }
  }

  /** GUILD_CREATE for a guild a bot just joined. */
  /** GUILD_DELETE (no `unavailable`: removed, not an outage) for the bots leaving a guild; call before they leave. */
  guildLeft(guildId: string, applicationIds: readonly string[]): void {
    const bots = this.store.bots.filter((bot) => applicationIds.includes(bot.applicationId)).map((bot) => bot.userId);
    this.dispatch({ guildId, intent: GatewayIntentBits.Guilds, botUserIds: bots }, GatewayDispatchEvents.GuildDelete, () => ({ id: guildId }));
  }

  guildJoined(guildId: string): void {
    const guild = this.store.guilds.get(guildId);
    if (!guild) return;
    this.dispatch({ guildId, intent: GatewayIntentBits.Guilds }, GatewayDispatchEvents.GuildCreate, (bot) =>
      guildCreateData(this.store, guild, bot),
    );
  }

  private push(session: Session, t: GatewayDispatchEvents, d: unknown): void {
    session.seq += 1;
    const event: SimDispatch = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
    session.buffer.push(event);
    if (session.buffer.length > MAX_BUFFERED_EVENTS) session.buffer.splice(0, session.buffer.length - MAX_BUFFERED_EVENTS);
    if (session.conn) this.sendRaw(session.conn, event);
  }

  private send(conn: Connection, payload: { op: GatewayOpcodes; d?: unknown }): void {
    this.sendRaw(conn, { op: payload.op, d: payload.d ?? null, s: null, t: null });
  }

  private sendRaw(conn: Connection, payload: unknown): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private closeConn(conn: Connection, code: number, reason: string): void {
    if (conn.closing) return;
    conn.closing = true;
    const session = conn.session;
    if (session) {
      session.closes.push({ code, reason, by: 'server', at: Date.now() });
      if (closeEndsSession(code, 'server')) session.resumable = false;
      detach(session, Date.now());
    }
    conn.ws.close(code, reason);
  }

  private onClose(conn: Connection, code: number, reason: string): void {
    this.conns.delete(conn);
    const session = conn.session;
    if (!session || conn.closing) return;
    session.closes.push({ code, reason, by: 'client', at: Date.now() });
    if (closeEndsSession(code, 'client')) session.resumable = false;
    detach(session, Date.now());
  }

  private sweep(): void {
    const now = Date.now();
    const deadline = this.opts.heartbeatIntervalMs * 1.5;
    for (const conn of this.conns) {
      if (!conn.closing && now - conn.lastHeartbeatAt > deadline) this.closeConn(conn, 4009, 'Session timed out.');
    }
    let dead = 0;
    for (const session of [...this.sessions.values()].reverse()) {
      if (!session.conn && session.resumable && session.disconnectedAt !== null && now - session.disconnectedAt > this.opts.resumeWindowMs) {
        session.resumable = false;
      }
      if (!session.conn && !session.resumable) {
        session.buffer = [];
        // Keep recent dead sessions for inspection, forget older ones.
        if (++dead > SESSION_RECORD_LIMIT) this.sessions.delete(session.id);
      }
    }
  }

  /** Applies a gateway fault to all connected sessions (or one); returns the affected session ids. */
  fault(fault: GatewayFault): string[] {
    if (fault.action === 'stop-acks' && fault.sessionId === undefined) this.stopAcksAll = fault.value;
    if (fault.action === 'close' && !isSendableCloseCode(fault.code)) throw new Error(`close code ${fault.code} cannot be sent`);
    const targets = [...this.sessions.values()].filter(
      (s) => s.conn !== null && (fault.sessionId === undefined || s.id === fault.sessionId),
    );
    if (fault.sessionId !== undefined && targets.length === 0) {
      const session = this.sessions.get(fault.sessionId);
      if (!session) throw new Error(`unknown session ${fault.sessionId}`);
      if (fault.action !== 'stop-acks' && fault.action !== 'invalid-session') throw new Error(`session ${fault.sessionId} is not connected`);
      targets.push(session);
    }
    for (const session of targets) this.applyFault(session, fault);
    return targets.map((s) => s.id);
  }

  private applyFault(session: Session, fault: GatewayFault): void {
    const conn = session.conn;
    switch (fault.action) {
      case 'stop-acks':
        session.stopAcks = fault.value;
        return;
      case 'invalid-session':
        session.resumable = fault.resumable;
        if (!conn) return;
        // The client may RESUME or IDENTIFY again on this same socket (discord.js resumes in place).
        detach(session, Date.now());
        return this.send(conn, { op: GatewayOpcodes.InvalidSession, d: fault.resumable });
    }
    if (!conn) return;
    switch (fault.action) {
      case 'reconnect':
        return this.send(conn, { op: GatewayOpcodes.Reconnect });
      case 'request-heartbeat':
        return this.send(conn, { op: GatewayOpcodes.Heartbeat });
      case 'close':
        return this.closeConn(conn, fault.code, fault.reason ?? 'Closed by simulator fault');
      case 'drop':
        conn.closing = true;
        session.closes.push({ code: 1006, reason: 'dropped without close frame', by: 'server', at: Date.now() });
        detach(session, Date.now());
        conn.ws.terminate();
        return;
    }
  }

  /**
   * Fault injection of payloads Discord should never send: `raw` goes as-is to every connected session's
   * socket; `t`/`d` is a dispatch with the session's next sequence (buffered for RESUME like any other).
   */
  inject(input: { raw: string } | { t: string; d: unknown; guildId: string | null }): string[] {
    const sessions = [...this.sessions.values()].filter((s) => s.conn !== null);
    if ('raw' in input) {
      for (const session of sessions) if (session.conn) session.conn.ws.send(input.raw);
      return sessions.map((s) => s.id);
    }
    const guild = input.guildId ? this.store.guilds.get(input.guildId) : undefined;
    const targets = sessions.filter((s) => !guild || guild.botAppIds.has(s.bot.applicationId));
    for (const session of targets) this.push(session, input.t as GatewayDispatchEvents, input.d);
    return targets.map((s) => s.id);
  }

  clearFaults(): void {
    this.stopAcksAll = false;
    for (const session of this.sessions.values()) session.stopAcks = false;
  }

  private botGuilds(bot: SimBot) {
    return [...this.store.guilds.values()].filter((g) => g.botAppIds.has(bot.applicationId));
  }

  info(): { connections: number; identifies: number; sessions: GatewaySessionInfo[]; stopAcks: boolean } {
    return {
      connections: this.conns.size,
      identifies: this.identifies,
      sessions: [...this.sessions.values()].map(sessionInfo),
      stopAcks: this.stopAcksAll,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const conn of this.conns) conn.ws.terminate();
    this.conns.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function stripBot(token: string): string {
  return token.startsWith('Bot ') ? token.slice(4) : token;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
