// What the GatewayShard takes to start and what it reports: the operator's view of one gateway connection.

import type { ShardStatus } from './protocol';
import type { ShardRow } from './schema';

const DAY_MS = 24 * 60 * 60_000;

export interface ShardStartOptions {
  appKey: string;
  applicationId: string | null;
  shardId: number;
  shardCount: number;
  token: string;
  gatewayUrl: string;
  maxConcurrency?: number;
  sessionStartRemaining?: number | null;
  /** ms until the session-start budget resets, from GET /gateway/bot. */
  sessionStartResetAfter?: number | null;
}

export interface ShardStatusView {
  appKey: string;
  shardId: number;
  shardCount: number;
  status: ShardStatus;
  enabled: boolean;
  sessionId: string | null;
  sequence: number | null;
  botUserId: string | null;
  lastHeartbeatAckAt: string | null;
  latencyMs: number | null;
  reconnects: number;
  resumes: number;
  identifies: number;
  identifiesToday: number;
  sessionStartRemaining: number | null;
  lastCloseCode: number | null;
  lastCloseReason: string | null;
  stopReason: string | null;
  guildCount: number;
  eventsRouted: number;
  outbox: number;
}

export function toStatusView(r: ShardRow, guildCount: number, outbox: number, now: number): ShardStatusView {
  return {
    appKey: r.app_key,
    shardId: r.shard_id,
    shardCount: r.shard_count,
    status: r.status,
    enabled: r.enabled === 1,
    sessionId: r.session_id,
    sequence: r.sequence,
    botUserId: r.bot_user_id,
    lastHeartbeatAckAt: r.last_ack_at ? new Date(r.last_ack_at).toISOString() : null,
    latencyMs: r.latency_ms,
    reconnects: r.reconnects,
    resumes: r.resumes,
    identifies: r.identifies,
    identifiesToday: now - r.identify_window_start > DAY_MS ? 0 : r.identifies_in_window,
    sessionStartRemaining: r.session_start_remaining,
    lastCloseCode: r.last_close_code,
    lastCloseReason: r.last_close_reason,
    stopReason: r.stop_reason,
    guildCount,
    eventsRouted: r.events_routed,
    outbox,
  };
}
