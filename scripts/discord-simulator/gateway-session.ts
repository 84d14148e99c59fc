// Gateway session and connection records, plus the close-code rules from Discord's docs.
import type { WebSocket } from 'ws';
import { GatewayOpcodes } from './discord-enums.js';
import type { GatewayCloseRecord, GatewaySessionInfo, SimBot } from './types.js';

/** What the simulator stores and replays; `d` is already a Discord payload. */
export interface SimDispatch {
  op: typeof GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

export interface Connection {
  id: number;
  ws: WebSocket;
  session: Session | null;
  openedAt: number;
  lastHeartbeatAt: number;
  /** Set once the server initiated a close/drop, so the later 'close' event is not counted as the client's. */
  closing: boolean;
  /** Payload budget: Discord allows 120 sends per 60 s per connection. */
  sendWindowStart: number;
  sendCount: number;
}

export interface Session {
  id: string;
  bot: SimBot;
  intents: number;
  shard: [number, number] | null;
  seq: number;
  buffer: SimDispatch[];
  conn: Connection | null;
  resumable: boolean;
  disconnectedAt: number | null;
  resumes: number;
  closes: GatewayCloseRecord[];
  stopAcks: boolean;
  createdAt: number;
}

/** Replay buffer bound per session. */
export const MAX_BUFFERED_EVENTS = 1000;

/**
 * Close codes after which Discord does not let the session be resumed
 * (auth failure, invalid seq, session timeout, shard/version/intent errors).
 */
const NON_RESUMABLE = new Set([4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

export function closeEndsSession(code: number, by: 'client' | 'server'): boolean {
  // A client closing with 1000/1001 tells Discord the session is over.
  if (by === 'client') return code === 1000 || code === 1001;
  return NON_RESUMABLE.has(code);
}

/** Codes the ws library (RFC 6455) lets a server send in a close frame. */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999);
}

export function detach(session: Session, now: number): void {
  if (session.conn) session.conn.session = null;
  session.conn = null;
  session.disconnectedAt = now;
}

export function sessionInfo(session: Session): GatewaySessionInfo {
  return {
    id: session.id,
    bot: session.bot.applicationId,
    connected: session.conn !== null,
    resumable: session.resumable,
    seq: session.seq,
    intents: session.intents,
    shard: session.shard,
    identifies: 1,
    resumes: session.resumes,
    closes: session.closes,
  };
}

/** Whether a guild belongs to the shard, per Discord's (guild_id >> 22) % num_shards formula. */
export function guildOnShard(guildId: string | null, shard: [number, number] | null): boolean {
  if (!shard) return true;
  // DMs are only delivered to shard 0.
  if (guildId === null) return shard[0] === 0;
  return (BigInt(guildId) >> 22n) % BigInt(shard[1]) === BigInt(shard[0]);
}
