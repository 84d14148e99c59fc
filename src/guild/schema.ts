// GuildActor storage, one place for every table and its migrations.
// Bounds (documented in README "Limits"): seen_events keeps SEEN_EVENTS_LIMIT ids; the inbox holds events
// until handled (at most INBOX_MAX_ATTEMPTS tries each); documents are capped by MAX_DOCUMENTS and size.

import type { Migration } from '../storage/migrate';
import { TIMERS_TABLE } from '../storage/timers';

export const SEEN_EVENTS_LIMIT = 5_000;
export const INBOX_MAX_ATTEMPTS = 3;
export const MAX_DOCUMENTS = 500;
export const MODERATION_LOG_RETENTION_MS = 90 * 24 * 60 * 60_000;
export const MODERATION_LOG_MAX_ENTRIES = 10_000;
/** The longest flood window the rules accept (1 hour); members' messages are kept that long for it. */
export const RECENT_MESSAGES_WINDOW_MS = 60 * 60_000;
export const MAX_GUILD_TOKENS = 100;
export const ESCALATION_INTERVAL_MS = 60 * 60_000;
export const PROACTIVE_POSTS_KEPT = 30;

export const GUILD_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        chars INTEGER NOT NULL,
        passages INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      // Full-text index of document passages; bm25() ranks them (porter stemming: "refunds" finds "refund").
      `CREATE VIRTUAL TABLE passages USING fts5(title, text, doc_id UNINDEXED, tokenize = 'porter unicode61')`,
      `CREATE TABLE seen_events (event_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)`,
      `CREATE INDEX seen_events_by_time ON seen_events (seen_at)`,
      `CREATE TABLE inbox (
        event_id TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0
      )`,
      TIMERS_TABLE,
    ],
  },
  {
    version: 2,
    statements: [
      // Per-user conversation memory: one conversation is one user in one channel.
      `CREATE TABLE turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        message_id TEXT,
        at INTEGER NOT NULL
      )`,
      `CREATE INDEX turns_by_conversation ON turns (conversation_id, at)`,
      `CREATE INDEX turns_by_time ON turns (at)`,
      // The channel's recent conversation from everyone, for channel awareness.
      `CREATE TABLE channel_buffer (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        is_bot INTEGER NOT NULL,
        content TEXT NOT NULL,
        message_id TEXT,
        at INTEGER NOT NULL
      )`,
      `CREATE INDEX channel_buffer_by_channel ON channel_buffer (channel_id, at)`,
    ],
  },
  {
    version: 3,
    statements: [
      // Every moderation decision that leads to an action (or would, in dry-run), newest last.
      `CREATE TABLE moderation_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        rule TEXT NOT NULL,
        user_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        content TEXT NOT NULL,
        at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        source TEXT NOT NULL,
        escalated INTEGER NOT NULL DEFAULT 0,
        also_deleted INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX moderation_log_by_user ON moderation_log (user_id, at)`,
      // Members' recent messages for flood detection (a few minutes' worth).
      `CREATE TABLE recent_messages (user_id TEXT NOT NULL, content TEXT NOT NULL, at INTEGER NOT NULL)`,
      `CREATE INDEX recent_messages_by_user ON recent_messages (user_id, at)`,
      // The guild's roles and owner, from GUILD_CREATE and role events, to recognise admins.
      `CREATE TABLE guild_roles (role_id TEXT PRIMARY KEY, permissions TEXT NOT NULL)`,
    ],
  },
  {
    version: 4,
    statements: [
      // Guild tokens (contract §3), stored as SHA-256 hashes.
      `CREATE TABLE guild_tokens (hash TEXT PRIMARY KEY, role TEXT NOT NULL, created_at INTEGER NOT NULL)`,
      // Conversations an agent holds; the AI stays out of them until released or timed out.
      `CREATE TABLE takeovers (
        conversation_id TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        agent TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        last_action_at INTEGER NOT NULL,
        last_message_id TEXT
      )`,
      // When each conversation last notified the owner that a member wants a human (one per hour).
      `CREATE TABLE escalations (conversation_id TEXT PRIMARY KEY, notified_at INTEGER NOT NULL)`,
      // Recent proactive posts, so a new one never repeats them.
      `CREATE TABLE proactive_posts (id INTEGER PRIMARY KEY AUTOINCREMENT, channel_id TEXT NOT NULL, content TEXT NOT NULL, at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 5,
    statements: [
      // Which message each flood-window row is, so a retried event is checked (and counted) once.
      `ALTER TABLE recent_messages ADD COLUMN message_id TEXT`,
      `CREATE UNIQUE INDEX recent_messages_by_message ON recent_messages (message_id)`,
    ],
  },
  {
    version: 10,
    statements: [
      // Which channels @everyone can view (GUILD_CREATE, CHANNEL_CREATE/UPDATE/DELETE): live monitoring streams only those.
      `CREATE TABLE channel_visibility (channel_id TEXT PRIMARY KEY, public INTEGER NOT NULL)`,
    ],
  },
];
