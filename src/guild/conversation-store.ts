// Conversation memory in the guild actor's SQLite: each member's recent turns per channel (so follow-ups
// work) and each channel's recent messages from everyone (channel awareness). Both are bounded; the bounds
// are documented in README "Limits". Turns are stored as exchanges (schema version 18): one row holds the
// member's question and Herald's reply, and, for an answered question, the answer record feedback and
// insights read (src/feedback/answer-log.ts), so an answer writes one row. Trimming to
// TURNS_KEPT_PER_CONVERSATION and TURNS_RETENTION_MS run on the hourly cleanup timer, not per message.

import { MAX_QUESTION_CHARS, type QuestionSource } from '../feedback/answer-log';
import { normaliseQuestion } from '../feedback/normalise';
import type { GuildSettings } from './settings';

export const CONTEXT_TURNS = 10;
export const CONTEXT_MAX_AGE_MS = 30 * 60_000;
export const TURNS_KEPT_PER_CONVERSATION = 20;
export const TURNS_RETENTION_MS = 24 * 60 * 60_000;
export const CHANNEL_BUFFER_MESSAGES = 25;
export const CHANNEL_BUFFER_MAX_AGE_MS = 60 * 60_000;
/** Exchanges retired per statement at cleanup (three bound values each; SQLite on Durable Objects allows 100). */
const ROWS_PER_STATEMENT = 30;
/** Long messages are stored cut, so one member cannot fill the model's context. */
export const STORED_CONTENT_CHARS = 1_500;
/**
 * Conversations the in-memory index of recent memory (ConversationStore.recentIndex) follows at most; past this
 * many with a turn in the last CONTEXT_MAX_AGE_MS, the instance stops following and every memory read is a SELECT.
 */
export const RECENT_INDEX_LIMIT = 5_000;

export type TurnRole = 'user' | 'bot' | 'agent';

export interface Turn {
  role: TurnRole;
  content: string;
  at: number;
}

/** What feedback and insights keep of an answered question (written with its exchange). */
export interface AnswerRecord {
  /** The question's message id, or the interaction id of a `/ask` (what the answer's buttons carry). */
  answerId: string;
  /** Where the question was asked (where the answer goes, unless autoThread opens a thread for it). */
  channelId: string;
  userId: string;
  question: string;
  answered: boolean;
  source: QuestionSource;
}

/** An answer decided but not yet stored: written once, after the reply is posted. */
export interface Exchange {
  /** The conversation it belongs to (a thread's is the thread's owner's). */
  channelId: string;
  userId: string;
  question: string;
  /** The member's message (null for a `/ask`), so a deleted or moderated message is forgotten. */
  messageId: string | null;
  reply: string;
  at: number;
  answer: AnswerRecord | null;
}

export interface ChannelLine {
  messageId: string | null;
  authorName: string;
  isBot: boolean;
  content: string;
  at: number;
}

export interface ConversationSummary {
  conversationId: string;
  channelId: string;
  userId: string;
  turns: number;
  lastAt: string;
}

/** Channels Herald answers in: the `channels` setting, or every channel when it is empty. */
export function answersInChannel(settings: Pick<GuildSettings, 'channels'>, channelId: string): boolean {
  return settings.channels.length === 0 || settings.channels.includes(channelId);
}

/**
 * Whether a channel's messages go into the channel buffer: only where channel awareness reads them
 * ("all" mode with channelAwareness, in a channel Herald answers in). Elsewhere nothing is kept.
 */
export function keepsChannelContext(settings: Pick<GuildSettings, 'responseMode' | 'channelAwareness' | 'channels'>, channelId: string): boolean {
  return settings.responseMode === 'all' && settings.channelAwareness && answersInChannel(settings, channelId);
}

export function conversationIdOf(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}

export class ConversationStore {
  /**
   * Every conversation with a memory turn newer than CONTEXT_MAX_AGE_MS, and its newest turn's time: read from
   * the table once per instance, then kept by addTurn and addExchange (the only writers of memory rows). Most
   * answers are the first in their conversation for half an hour, so the memory read finds nothing; with this it
   * does not ask SQLite. Deletions leave entries behind, which only costs a SELECT that finds less. null: not
   * read yet; 'off': over RECENT_INDEX_LIMIT, so every read is a SELECT.
   */
  private recent: Map<string, number> | null | 'off' = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** One turn on its own (an agent's reply, a message while an agent holds the conversation): one row. */
  addTurn(channelId: string, userId: string, role: TurnRole, content: string, messageId: string | null, at = Date.now()): void {
    const text = content.slice(0, STORED_CONTENT_CHARS);
    this.sql.exec(
      `INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question, message_id, reply, reply_role)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      conversationIdOf(channelId, userId),
      at,
      `t:${messageId ?? crypto.randomUUID()}`,
      channelId,
      userId,
      role === 'user' ? text : null,
      messageId,
      role === 'user' ? null : text,
      role === 'user' ? null : role,
    );
    this.noteMemory(conversationIdOf(channelId, userId), at);
  }

  /**
   * A question and its answer, once the answer was posted (`posted`: the message carrying its buttons and where
   * it went, null when Discord refused it): one row, the memory and the answer record together. Keyed by the
   * time it was decided, so recording it again (a retried post) writes nothing new.
   */
  addExchange(exchange: Exchange, posted: { messageId: string | null; channelId: string | null }): void {
    const answer = exchange.answer;
    const asked = answer ? answer.question.slice(0, MAX_QUESTION_CHARS) : null;
    this.sql.exec(
      `INSERT INTO exchanges (conversation_id, at, id, channel_id, user_id, question, message_id, reply, reply_role,
         answer_id, answer_message_id, answer_channel_id, asker_id, asked, normalised, answered, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bot', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      conversationIdOf(exchange.channelId, exchange.userId),
      exchange.at,
      `a:${answer?.answerId ?? exchange.messageId ?? crypto.randomUUID()}`,
      exchange.channelId,
      exchange.userId,
      exchange.question.slice(0, STORED_CONTENT_CHARS),
      exchange.messageId,
      exchange.reply.slice(0, STORED_CONTENT_CHARS),
      answer?.answerId ?? null,
      answer ? posted.messageId : null,
      answer ? (posted.channelId ?? answer.channelId) : null,
      answer?.userId ?? null,
      asked,
      asked === null ? null : normaliseQuestion(asked),
      answer ? (answer.answered ? 1 : 0) : null,
      answer?.source ?? null,
    );
    this.noteMemory(conversationIdOf(exchange.channelId, exchange.userId), exchange.at);
  }

  /** The member's recent turns in this channel, oldest first: at most CONTEXT_TURNS, none older than CONTEXT_MAX_AGE_MS. */
  recentTurns(channelId: string, userId: string, now = Date.now()): Turn[] {
    const recent = this.recentIndex(now);
    const newest = recent === 'off' ? now : recent.get(conversationIdOf(channelId, userId));
    if (newest === undefined || newest < now - CONTEXT_MAX_AGE_MS) return [];
    const rows = this.sql
      .exec<{ question: string | null; reply: string | null; reply_role: string | null; at: number }>(
        'SELECT question, reply, reply_role, at FROM exchanges WHERE conversation_id = ? AND at >= ? AND memory = 1 ORDER BY at DESC, id DESC LIMIT ?',
        conversationIdOf(channelId, userId),
        now - CONTEXT_MAX_AGE_MS,
        CONTEXT_TURNS,
      )
      .toArray()
      .reverse();
    const turns: Turn[] = [];
    for (const row of rows) {
      if (row.question !== null) turns.push({ role: 'user', content: row.question, at: row.at });
      if (row.reply !== null) turns.push({ role: row.reply_role === 'agent' ? 'agent' : 'bot', content: row.reply, at: row.at });
    }
    return turns.slice(-CONTEXT_TURNS);
  }

  /** The conversations with recent memory (see `recent`), read from the table on first use: one scan per instance. */
  private recentIndex(now: number): Map<string, number> | 'off' {
    if (this.recent !== null) return this.recent;
    const rows = this.sql
      .exec<{ conversation_id: string; at: number }>(
        'SELECT conversation_id, MAX(at) AS at FROM exchanges WHERE memory = 1 AND at >= ? GROUP BY conversation_id LIMIT ?',
        now - CONTEXT_MAX_AGE_MS,
        RECENT_INDEX_LIMIT + 1,
      )
      .toArray();
    this.recent = rows.length > RECENT_INDEX_LIMIT ? 'off' : new Map(rows.map((row) => [row.conversation_id, row.at]));
    return this.recent;
  }

  /** A memory row was written: the index follows it (a full index first drops what has aged out, then gives up). */
  private noteMemory(conversationId: string, at: number, now = Date.now()): void {
    const recent = this.recent;
    if (recent === null || recent === 'off') return;
    if ((recent.get(conversationId) ?? -Infinity) >= at) return;
    if (!recent.has(conversationId) && recent.size >= RECENT_INDEX_LIMIT) {
      for (const [id, newest] of recent) if (newest < now - CONTEXT_MAX_AGE_MS) recent.delete(id);
      if (recent.size >= RECENT_INDEX_LIMIT) {
        this.recent = 'off';
        return;
      }
    }
    recent.set(conversationId, at);
  }

  addChannelMessage(channelId: string, author: { id: string; name: string; isBot: boolean }, content: string, messageId: string | null, at = Date.now()): void {
    this.sql.exec(
      'INSERT INTO channel_buffer (channel_id, author_id, author_name, is_bot, content, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      channelId,
      author.id,
      author.name,
      author.isBot ? 1 : 0,
      content.slice(0, STORED_CONTENT_CHARS),
      messageId,
      at,
    );
    this.sql.exec(
      'DELETE FROM channel_buffer WHERE channel_id = ? AND id NOT IN (SELECT id FROM channel_buffer WHERE channel_id = ? ORDER BY at DESC, id DESC LIMIT ?)',
      channelId,
      channelId,
      CHANNEL_BUFFER_MESSAGES,
    );
  }

  /** The channel's recent messages from everyone, oldest first, bounded by count and age. */
  channelContext(channelId: string, now = Date.now()): ChannelLine[] {
    return this.sql
      .exec<{ message_id: string | null; author_name: string; is_bot: number; content: string; at: number }>(
        'SELECT message_id, author_name, is_bot, content, at FROM channel_buffer WHERE channel_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?',
        channelId,
        now - CHANNEL_BUFFER_MAX_AGE_MS,
        CHANNEL_BUFFER_MESSAGES,
      )
      .toArray()
      .reverse()
      .map((row) => ({ messageId: row.message_id, authorName: row.author_name, isBot: row.is_bot === 1, content: row.content, at: row.at }));
  }

  /** Forgets a message everywhere (deleted or moderated messages must not feed answers). */
  forgetMessage(messageId: string): void {
    // A scan (no index on message_id): this runs only when a message is moderated after the fact.
    this.sql.exec('DELETE FROM exchanges WHERE message_id = ? AND answer_id IS NULL AND (question IS NULL OR reply IS NULL)', messageId);
    this.sql.exec('UPDATE exchanges SET question = NULL WHERE message_id = ? AND question IS NOT NULL', messageId);
    this.sql.exec('DELETE FROM channel_buffer WHERE message_id = ?', messageId);
  }

  conversations(limit = 100): ConversationSummary[] {
    return this.sql
      .exec<{ conversation_id: string; channel_id: string; user_id: string; turns: number; last_at: number }>(
        `SELECT conversation_id, channel_id, user_id, SUM((question IS NOT NULL) + (reply IS NOT NULL)) AS turns, MAX(at) AS last_at
           FROM exchanges WHERE memory = 1 GROUP BY conversation_id HAVING turns > 0 ORDER BY last_at DESC LIMIT ?`,
        limit,
      )
      .toArray()
      .map((row) => ({
        conversationId: row.conversation_id,
        channelId: row.channel_id,
        userId: row.user_id,
        turns: row.turns,
        lastAt: new Date(row.last_at).toISOString(),
      }));
  }

  /**
   * Drops turns past retention or past TURNS_KEPT_PER_CONVERSATION (the hourly cleanup: reads never use more
   * than CONTEXT_TURNS) and buffer lines past their age. An exchange that is also an answer record stays for
   * feedback and insights, without its texts.
   */
  prune(now = Date.now()): void {
    const retired = this.sql
      .exec<{ conversation_id: string; at: number; id: string; answer: number }>(
        `SELECT conversation_id, at, id, answer_id IS NOT NULL AS answer FROM (
           SELECT conversation_id, at, id, answer_id,
                  SUM((question IS NOT NULL) + (reply IS NOT NULL)) OVER (PARTITION BY conversation_id ORDER BY at DESC, id DESC) AS newer
             FROM exchanges WHERE memory = 1)
          WHERE at < ? OR newer > ?`,
        now - TURNS_RETENTION_MS,
        TURNS_KEPT_PER_CONVERSATION,
      )
      .toArray();
    for (let i = 0; i < retired.length; i += ROWS_PER_STATEMENT) {
      const chunk = retired.slice(i, i + ROWS_PER_STATEMENT);
      const gone = chunk.filter((row) => row.answer !== 1);
      const kept = chunk.filter((row) => row.answer === 1);
      const keys = (rows: typeof chunk) => rows.map(() => '(?, ?, ?)').join(', ');
      const values = (rows: typeof chunk) => rows.flatMap((row) => [row.conversation_id, row.at, row.id]);
      if (gone.length > 0) this.sql.exec(`DELETE FROM exchanges WHERE (conversation_id, at, id) IN (VALUES ${keys(gone)})`, ...values(gone));
      if (kept.length > 0) this.sql.exec(`UPDATE exchanges SET memory = 0, question = NULL, reply = NULL WHERE (conversation_id, at, id) IN (VALUES ${keys(kept)})`, ...values(kept));
    }
    this.sql.exec('DELETE FROM channel_buffer WHERE at < ?', now - CHANNEL_BUFFER_MAX_AGE_MS);
  }
}
