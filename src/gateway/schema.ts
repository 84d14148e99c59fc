// GatewayShard storage: one row of connection state (what RESUME needs survives eviction), the guilds this
// shard serves, and an outbox of events a guild actor could not take yet. Bounds: shard_guilds is at most
// Discord's 2,500 guilds per shard; the outbox keeps at most OUTBOX_LIMIT rows (oldest dropped, logged).

import type { Migration } from '../storage/migrate';
import { ShardStatus } from './protocol';
import { TIMERS_TABLE } from '../storage/timers';

export const OUTBOX_LIMIT = 5_000;

/** The GatewayShard's timers (one alarm serves them): the connection watchdog and the outbox retry. */
export type ShardTimer = 'watchdog' | 'outbox';

export const SHARD_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE shard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        app_key TEXT NOT NULL DEFAULT '',
        application_id TEXT,
        shard_id INTEGER NOT NULL DEFAULT 0,
        shard_count INTEGER NOT NULL DEFAULT 1,
        token TEXT,
        gateway_url TEXT,
        enabled INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'idle',
        session_id TEXT,
        sequence INTEGER,
        resume_url TEXT,
        bot_user_id TEXT,
        stop_reason TEXT,
        last_close_code INTEGER,
        last_close_reason TEXT,
        last_ack_at INTEGER,
        latency_ms INTEGER,
        reconnects INTEGER NOT NULL DEFAULT 0,
        resumes INTEGER NOT NULL DEFAULT 0,
        identifies INTEGER NOT NULL DEFAULT 0,
        identify_window_start INTEGER NOT NULL DEFAULT 0,
        identifies_in_window INTEGER NOT NULL DEFAULT 0,
        max_concurrency INTEGER NOT NULL DEFAULT 1,
        session_start_remaining INTEGER,
        events_routed INTEGER NOT NULL DEFAULT 0,
        connected_at INTEGER
      )`,
      `INSERT INTO shard (id) VALUES (1)`,
      `CREATE TABLE shard_guilds (guild_id TEXT PRIMARY KEY)`,
      `CREATE TABLE outbox (
        event_id TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        queued_at INTEGER NOT NULL
      )`,
      TIMERS_TABLE,
    ],
  },
  {
    version: 2,
    statements: [`ALTER TABLE shard ADD COLUMN session_start_reset_at INTEGER`],
  },
  {
    version: 3,
    // Once a custom bot's interaction key; unused since CustomBotRegistry keeps the keys (migrations only append).
    statements: [`ALTER TABLE shard ADD COLUMN public_key TEXT`],
  },
  {
    version: 4,
    // Once the guilds that used this (custom) application; unused since CustomBotRegistry keeps them.
    statements: [`CREATE TABLE app_guilds (guild_id TEXT PRIMARY KEY)`],
  },
  {
    version: 10,
    // Guild names from GUILD_CREATE, for the dashboard's guild picker and /api/me.
    statements: [`ALTER TABLE shard_guilds ADD COLUMN name TEXT`],
  },
];

/** The shard row as the actor keeps it in memory (write-through to storage). */
export interface ShardRow {
  [column: string]: SqlStorageValue;
  app_key: string;
  application_id: string | null;
  shard_id: number;
  shard_count: number;
  token: string | null;
  gateway_url: string | null;
  enabled: number;
  status: ShardStatus;
  session_id: string | null;
  sequence: number | null;
  resume_url: string | null;
  bot_user_id: string | null;
  stop_reason: string | null;
  last_close_code: number | null;
  last_close_reason: string | null;
  last_ack_at: number | null;
  latency_ms: number | null;
  reconnects: number;
  resumes: number;
  identifies: number;
  identify_window_start: number;
  identifies_in_window: number;
  max_concurrency: number;
  session_start_remaining: number | null;
  session_start_reset_at: number | null;
  public_key: string | null;
  events_routed: number;
  connected_at: number | null;
}

const SHARD_STATUSES = new Set<string>(Object.values(ShardStatus));

/**
 * The stored shard row, its status checked once here so the rest of the actor can trust the type; a value no
 * version wrote (hand-edited storage) reads as Reconnecting for an enabled shard (the watchdog connects it
 * afresh) and as Idle otherwise.
 */
export function readShardRow(sql: SqlStorage): ShardRow {
  const row = sql.exec<ShardRow>('SELECT * FROM shard WHERE id = 1').one();
  const stored: string = row.status;
  if (SHARD_STATUSES.has(stored)) return row;
  return { ...row, status: row.enabled === 1 ? ShardStatus.Reconnecting : ShardStatus.Idle };
}
