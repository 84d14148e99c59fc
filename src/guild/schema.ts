// GuildActor storage, one place for every table and its migrations.
// Bounds (documented in README "Limits"): seen_events keeps SEEN_EVENTS_LIMIT ids of handled events; the inbox (its pending rows) holds events
// until handled (at most INBOX_MAX_ATTEMPTS tries each), at most INBOX_LIMIT of them, and answers at most
// INBOX_ANSWERED_LIMIT (INBOX_MEMBER_LIMIT per member) of them; documents are capped by MAX_DOCUMENTS and size.

import type { Migration } from '../storage/migrate';
import { TIMERS_TABLE } from '../storage/timers';
import { LEDGER_TABLE } from '../usage/ledger-book';
import { indexAllPassageStems, PASSAGE_STEMS_TABLE, PASSAGE_VECTORS_TABLE } from '../retrieval/passage-index';

export const SEEN_EVENTS_LIMIT = 5_000;
/** kv key set by migration 20 in a guild that existed before: its counts so far are still in its UsageLedger (UsageMeter copies them once). */
export const LEDGER_COPY_KEY = 'ledger_copy';
export const INBOX_MAX_ATTEMPTS = 3;
/** Pending events of one member that are answered; past it the member's new messages are moderated only. */
export const INBOX_MEMBER_LIMIT = 10;
/** Pending events of the guild that are answered; past it new messages are moderated only. */
export const INBOX_ANSWERED_LIMIT = 500;
/** Pending events of the guild at all; past it new gateway messages wait in the shard's outbox. */
export const INBOX_LIMIT = 2_000;
/** Retention runs this often while the guild keeps anything that expires (also when no events come). */
export const CLEANUP_INTERVAL_MS = 60 * 60_000;

/** The GuildActor's timers (one alarm serves them all); `key` tells apart timers of one kind. */
export type GuildTimer = 'inbox' | 'cleanup' | 'takeover' | 'proactive' | 'source' | 'solvedArchive' | 'moderation';
export const MAX_DOCUMENTS = 500;
export const MODERATION_LOG_RETENTION_MS = 90 * 24 * 60 * 60_000;
export const MODERATION_LOG_MAX_ENTRIES = 10_000;
/** The longest flood window the rules accept (1 hour); members' messages are kept that long for it. */
export const RECENT_MESSAGES_WINDOW_MS = 60 * 60_000;
/** Guild tokens per guild; minting past it is refused (409), never evicting someone else's token. */
export const MAX_GUILD_TOKENS = 100;
export const MAX_TOKEN_LABEL_CHARS = 100;
/** A token's lastUsedAt is written at most this often, so a busy token does not write on every request. */
export const TOKEN_LAST_USED_WRITE_MS = 60_000;
/** Unused live tickets a guild may hold at once (each lives LIVE_TICKET_TTL_MS); more is 429. */
export const MAX_LIVE_TICKETS = 50;
export const ESCALATION_INTERVAL_MS = 60 * 60_000;
export const PROACTIVE_POSTS_KEPT = 30;
/** A pending reply whose event was given up on is dropped after this long. */
export const PENDING_REPLY_RETENTION_MS = 24 * 60 * 60_000;

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
      // Members' recent messages for flood detection (RECENT_MESSAGES_WINDOW_MS' worth, an hour).
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
    version: 6,
    statements: [
      // Token ids (listed and revoked by id; the token itself is never shown again), labels, last use.
      `ALTER TABLE guild_tokens ADD COLUMN id TEXT`,
      `ALTER TABLE guild_tokens ADD COLUMN label TEXT`,
      `ALTER TABLE guild_tokens ADD COLUMN last_used_at INTEGER`,
      `UPDATE guild_tokens SET id = substr(hash, 1, 16) WHERE id IS NULL`,
      `CREATE UNIQUE INDEX guild_tokens_by_id ON guild_tokens (id)`,
      // Single-use live tickets: who they open the socket for; deleted when used or expired.
      `CREATE TABLE live_tickets (
        nonce TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        token_id TEXT,
        expires_at INTEGER NOT NULL
      )`,
    ],
  },
  {
    version: 7,
    statements: [
      // The inbox's order key, member and mode get columns, so the in-memory order is rebuilt without parsing
      // every payload; not_before keeps a rate-limit park across eviction.
      `ALTER TABLE inbox ADD COLUMN order_key TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE inbox ADD COLUMN member_id TEXT`,
      `ALTER TABLE inbox ADD COLUMN mode TEXT NOT NULL DEFAULT 'full'`,
      `ALTER TABLE inbox ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0`,
    ],
  },
  {
    version: 8,
    statements: [
      // A reply decided but not yet delivered, keyed by the member's message or the interaction: a retried
      // event posts this text again instead of asking the model (and counting) a second time.
      `CREATE TABLE pending_replies (reply_key TEXT PRIMARY KEY, content TEXT NOT NULL, at INTEGER NOT NULL)`,
      // Answers each member got (and cap notices they were shown) in the last hour, for memberAnswersPerHour.
      `CREATE TABLE member_answers (answer_key TEXT PRIMARY KEY, user_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL)`,
      `CREATE INDEX member_answers_by_user ON member_answers (user_id, kind, at)`,
      // Interactions taken, kept at least as long as a signature is accepted, so a replayed /ask is refused.
      `CREATE TABLE ask_interactions (interaction_id TEXT PRIMARY KEY, at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 10,
    statements: [
      // Which channels @everyone can view (GUILD_CREATE, CHANNEL_CREATE/UPDATE/DELETE): live monitoring streams only those.
      `CREATE TABLE channel_visibility (channel_id TEXT PRIMARY KEY, public INTEGER NOT NULL)`,
    ],
  },
  {
    version: 11,
    statements: [
      // Threads (THREAD_*, GUILD_CREATE, GET /channels/:id) with their parent, so a thread takes its parent's
      // settings; asker_id: the member whose question Herald opened the thread for (autoThread).
      `CREATE TABLE threads (
        thread_id TEXT PRIMARY KEY, parent_id TEXT NOT NULL, private INTEGER NOT NULL, owner_id TEXT NOT NULL,
        name TEXT NOT NULL, archived INTEGER NOT NULL, asker_id TEXT, at INTEGER NOT NULL
      )`,
      `CREATE INDEX threads_by_at ON threads (at)`,
      // The guild's forum channels (a thread of one is a forum post).
      `CREATE TABLE forums (channel_id TEXT PRIMARY KEY)`,
    ],
  },
  {
    version: 12,
    statements: [
      // Every question Herald answered (mention, all-mode, /ask, forum), keyed by the question's message or
      // interaction id (the id the answer's buttons carry); message_id is the answer's last part (the buttons).
      `CREATE TABLE answers (
        answer_id TEXT PRIMARY KEY,
        message_id TEXT,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question TEXT NOT NULL,
        normalised TEXT NOT NULL,
        answered INTEGER NOT NULL,
        source TEXT NOT NULL,
        at INTEGER NOT NULL
      )`,
      `CREATE INDEX answers_by_time ON answers (at)`,
      `CREATE INDEX answers_by_normalised ON answers (answered, normalised)`,
      // One vote per member per answer; a second click changes it.
      `CREATE TABLE answer_votes (answer_id TEXT NOT NULL, user_id TEXT NOT NULL, vote TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (answer_id, user_id))`,
      // Every escalation (asked in words, "Talk to a human", ticket), for insights.
      `CREATE TABLE escalation_log (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, via TEXT NOT NULL, at INTEGER NOT NULL)`,
      `CREATE INDEX escalation_log_by_time ON escalation_log (at)`,
      // Ticket threads: one open ticket per member (closed_at NULL).
      `CREATE TABLE tickets (
        thread_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        source_channel_id TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        released_at INTEGER
      )`,
      `CREATE UNIQUE INDEX tickets_open_by_user ON tickets (user_id) WHERE closed_at IS NULL`,
      // Forum threads Herald answered (who posted them, for "Solved") and when they were marked solved.
      `CREATE TABLE forum_threads (thread_id TEXT PRIMARY KEY, poster_id TEXT NOT NULL, solved_at INTEGER, at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 13,
    statements: [
      // Web sources (src/sources): where a document came from (null for typed and uploaded ones).
      `ALTER TABLE documents ADD COLUMN url TEXT`,
      `ALTER TABLE documents ADD COLUMN source_id TEXT`,
      `CREATE INDEX documents_by_source ON documents (source_id)`,
      // A page or sitemap fetched again every refresh_hours; robots is the robots.txt read at the sync's start.
      `CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        refresh_hours INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        syncing INTEGER NOT NULL DEFAULT 0,
        robots TEXT,
        last_sync_at INTEGER,
        last_error TEXT,
        sync_note TEXT
      )`,
      // Each page a source listed: the document it became (null while it failed) and its last error.
      `CREATE TABLE source_pages (
        source_id TEXT NOT NULL,
        url TEXT NOT NULL,
        doc_id TEXT,
        content_hash TEXT,
        last_error TEXT,
        fetched_at INTEGER,
        queued INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source_id, url)
      )`,
    ],
  },
  {
    version: 14,
    statements: [PASSAGE_STEMS_TABLE, PASSAGE_VECTORS_TABLE],
    // Existing guilds' passages are stemmed into the new index here (the porter index knew English only).
    run: indexAllPassageStems,
  },
  {
    version: 15,
    statements: [
      // Review queue and appeals: the quoted words, who approved/dismissed/reversed, the cards posted for it.
      `ALTER TABLE moderation_log ADD COLUMN quote TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE moderation_log ADD COLUMN decided_by TEXT`,
      `ALTER TABLE moderation_log ADD COLUMN card_message_id TEXT`,
      `ALTER TABLE moderation_log ADD COLUMN appeal_message_id TEXT`,
      `ALTER TABLE moderation_log ADD COLUMN appealed_at INTEGER`,
      // The AutoMod rules Herald created (by kind), so it updates and removes only its own.
      `CREATE TABLE automod_rules (kind TEXT PRIMARY KEY, rule_id TEXT NOT NULL)`,
    ],
  },
  {
    version: 16,
    statements: [
      // Fewer rows written per message (npm run bench): the dedupe ids become one b-tree (WITHOUT ROWID, no
      // time index: the hourly prune scans its few thousand rows instead), so remembering an event writes one
      // row, not three; turns lose their time index (the hourly prune scans instead), one row less per turn.
      `CREATE TABLE seen_events_v16 (event_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID`,
      `INSERT INTO seen_events_v16 (event_id, seen_at) SELECT event_id, seen_at FROM seen_events`,
      `DROP TABLE seen_events`,
      `ALTER TABLE seen_events_v16 RENAME TO seen_events`,
      `DROP INDEX IF EXISTS turns_by_time`,
    ],
  },
  {
    version: 17,
    statements: [
      // Fewer rows written per message (issue 15): the inbox folds into seen_events. A pending event's row carries
      // its payload (NULL once handled), its arrival number (seq: the in-memory order is rebuilt in it, and the
      // quota ledger keeps a counted key while an event numbered at most its top is pending) and its attempts.
      `ALTER TABLE seen_events ADD COLUMN payload TEXT`,
      `ALTER TABLE seen_events ADD COLUMN seq INTEGER`,
      `ALTER TABLE seen_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE seen_events ADD COLUMN order_key TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE seen_events ADD COLUMN member_id TEXT`,
      `ALTER TABLE seen_events ADD COLUMN mode TEXT NOT NULL DEFAULT 'full'`,
      `ALTER TABLE seen_events ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0`,
      `INSERT INTO seen_events (event_id, seen_at, payload, seq, attempts, order_key, member_id, mode, not_before)
         SELECT event_id, received_at, payload, rowid, attempts, order_key, member_id, mode, not_before FROM inbox WHERE true
         ON CONFLICT (event_id) DO UPDATE SET payload = excluded.payload, seq = excluded.seq, attempts = excluded.attempts,
           order_key = excluded.order_key, member_id = excluded.member_id, mode = excluded.mode, not_before = excluded.not_before`,
      `DROP TABLE inbox`,
    ],
  },
  {
    version: 18,
    statements: [
      // Fewer rows written per answer (issue 15): one row per exchange (the member's question and Herald's reply,
      // written once, after the reply is posted) is both the conversation's memory and the answer kept for
      // feedback and insights (answer_id set). WITHOUT ROWID, keyed for the memory read (a conversation's newest
      // first), no AUTOINCREMENT and no second index: a click finds its answer by a scan of this bounded table,
      // and trimming and retention run on the hourly cleanup timer. A single turn (an agent's reply, a message
      // while an agent holds the conversation) fills one side. memory 0: past turn retention, kept only as an
      // answer record (its texts cleared).
      `CREATE TABLE exchanges (
        conversation_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question TEXT,
        message_id TEXT,
        reply TEXT,
        reply_role TEXT,
        memory INTEGER NOT NULL DEFAULT 1,
        answer_id TEXT,
        answer_message_id TEXT,
        answer_channel_id TEXT,
        asker_id TEXT,
        asked TEXT,
        normalised TEXT,
        answered INTEGER,
        source TEXT,
        PRIMARY KEY (conversation_id, at, id)
      ) WITHOUT ROWID`,
      `INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question, message_id, reply, reply_role)
         SELECT conversation_id, at, 't:' || id, channel_id, user_id, CASE WHEN role = 'user' THEN content END, message_id,
                CASE WHEN role <> 'user' THEN content END, CASE WHEN role <> 'user' THEN role END
           FROM turns`,
      `INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, memory, answer_id, answer_message_id, answer_channel_id, asker_id, asked, normalised, answered, source)
         SELECT channel_id || ':' || user_id, at, 'a:' || answer_id, channel_id, user_id, 0, answer_id, message_id, channel_id, user_id, question, normalised, answered, source
           FROM answers`,
      `DROP TABLE turns`,
      `DROP TABLE answers`,
      // The exchange a failed post decided, so the retry records it as the first attempt would have.
      `ALTER TABLE pending_replies ADD COLUMN exchange TEXT`,
    ],
  },
  {
    version: 19,
    statements: [
      // A `/ask` id kept for the replay guard is one b-tree row (WITHOUT ROWID), not a table row and its key's index.
      `CREATE TABLE ask_interactions_v19 (interaction_id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID`,
      `INSERT INTO ask_interactions_v19 (interaction_id, at) SELECT interaction_id, at FROM ask_interactions`,
      `DROP TABLE ask_interactions`,
      `ALTER TABLE ask_interactions_v19 RENAME TO ask_interactions`,
    ],
  },
  {
    version: 20,
    statements: [
      // A guild that shares no quota counts in its own book (issue 15: no call to a UsageLedger per answer); the
      // table is the UsageLedger's (src/usage/ledger-book.ts). A guild that existed before has its counts so far in
      // its UsageLedger: the kv key has UsageMeter copy them once.
      LEDGER_TABLE,
      `INSERT INTO kv (key, value) SELECT '${LEDGER_COPY_KEY}', '1'
         WHERE EXISTS (SELECT 1 FROM kv) OR EXISTS (SELECT 1 FROM seen_events) OR EXISTS (SELECT 1 FROM ask_interactions)`,
    ],
  },
];
