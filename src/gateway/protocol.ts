// Pure decisions of the gateway connection, kept apart from the GatewayShard actor so they can be unit-tested:
// close code → recovery, heartbeat timing, reconnect backoff, and which shard a guild belongs to.

import { GatewayCloseCodes, GatewayIntentBits } from 'discord-api-types/v10';

/**
 * Intents from the contract: guild list, guild messages and their content; and AutoMod executions (not
 * privileged), always: a shard identifies before it knows which of its guilds turn the AutoMod bridge on.
 */
export const INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent | GatewayIntentBits.AutoModerationExecution;

export const GATEWAY_QUERY = 'v=10&encoding=json';

export enum ShardStatus {
  Idle = 'idle',
  Connecting = 'connecting',
  Identifying = 'identifying',
  Resuming = 'resuming',
  Ready = 'ready',
  Reconnecting = 'reconnecting',
  /** A close code that must not be retried (bad token, bad intents, bad shard): an operator must act. */
  Stopped = 'stopped',
}

export enum Recovery {
  /** Reconnect to resume_gateway_url and RESUME the session. */
  Resume = 'resume',
  /** Reconnect and IDENTIFY a new session. */
  Reconnect = 'reconnect',
  /** Do not reconnect: the configuration is wrong. */
  Stop = 'stop',
}

/**
 * What to do after the gateway socket closed with `code`. Per Discord's close-code table: 4004 and
 * 4010–4014 are not reconnectable; 4007 (bad seq) and 4009 (session timed out) need a fresh session;
 * anything else (including 1006 abnormal closure and our own 4900 zombie close) resumes.
 */
export function closeCodeRecovery(code: number): Recovery {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
    case GatewayCloseCodes.InvalidShard:
    case GatewayCloseCodes.ShardingRequired:
    case GatewayCloseCodes.InvalidAPIVersion:
    case GatewayCloseCodes.InvalidIntents:
    case GatewayCloseCodes.DisallowedIntents:
      return Recovery.Stop;
    case GatewayCloseCodes.InvalidSeq:
    case GatewayCloseCodes.SessionTimedOut:
    case 1000:
    case 1001:
      // Discord invalidates the session when the socket closes normally (1000/1001).
      return Recovery.Reconnect;
    default:
      return Recovery.Resume;
  }
}

/** Why a stop-class close code stopped the shard, for the status route and the logs. */
export function closeCodeReason(code: number): string {
  const name = GatewayCloseCodes[code as GatewayCloseCodes];
  return name ? `${code} ${name}` : `${code}`;
}

/** Close code we use ourselves when we drop a connection we want to resume (any 4xxx but 4004–4014 keeps it resumable). */
export const RESUMABLE_CLOSE_CODE = 4900;

/** Discord: the first heartbeat goes after `interval * jitter`, jitter in [0, 1). */
export function firstHeartbeatDelay(intervalMs: number, random: number): number {
  return Math.floor(intervalMs * Math.min(Math.max(random, 0), 0.999));
}

/** Reconnect backoff: 1 s, 2 s, 4 s … capped at 60 s, plus up to 1 s of jitter. */
export function reconnectDelay(attempt: number, random: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6)) + Math.floor(random * 1000);
}

/** Discord: after op 9 wait a random 1–5 s before resuming or identifying again. */
export function invalidSessionDelay(random: number): number {
  return 1000 + Math.floor(random * 4000);
}

/** Discord's sharding formula: shard_id = (guild_id >> 22) % num_shards. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

/** The gateway URL with the query Discord requires, as an http(s) URL for `fetch` with `Upgrade: websocket`. */
export function gatewayFetchUrl(base: string): string {
  const url = new URL(base.replace(/^ws(s?):/i, 'http$1:'));
  url.search = GATEWAY_QUERY;
  return url.toString();
}

/** Gateway send limit is 120 per 60 s; we keep a margin for heartbeats. */
export const SEND_LIMIT = { perWindow: 110, windowMs: 60_000 } as const;

/** Discord allows one IDENTIFY per 5 s in each max_concurrency bucket. */
export const IDENTIFY_INTERVAL_MS = 5_000;

/** Shards identify in waves of `maxConcurrency`: shard i waits for wave floor(i / maxConcurrency). */
export function initialIdentifyDelay(shardId: number, maxConcurrency: number): number {
  return Math.floor(shardId / Math.max(1, maxConcurrency)) * IDENTIFY_INTERVAL_MS;
}

export interface SessionStartBudget {
  /** Identifies left today per GET /gateway/bot's session_start_limit, or null when unknown. */
  remaining: number | null;
  /** When that budget resets (ms since epoch), or null when unknown. */
  resetAt: number | null;
}

/**
 * How long to wait before a fresh IDENTIFY: 0 while identifies are left today, else until the budget resets.
 * (Discord resets a bot's token when it spends all of them, about 1,000 a day.)
 */
export function identifyWait(budget: SessionStartBudget, now: number): number {
  if (budget.remaining === null || budget.remaining > 0) return 0;
  if (budget.resetAt === null) return 60_000;
  return Math.max(0, budget.resetAt - now);
}

/** A resume URL READY may carry: a ws: or wss: URL with a host (anything else would wedge every reconnect). */
export function isGatewayUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Failed connection attempts to a session's resume URL before the shard resumes through the main gateway URL. */
export const RESUME_URL_ATTEMPTS = 2;
