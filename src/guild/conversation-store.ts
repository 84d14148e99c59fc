// Conversation memory in the guild actor's SQLite: each member's recent turns per channel (so follow-ups
// work) and each channel's recent messages from everyone (channel awareness). Both are bounded; the bounds
// are documented in README "Limits".

import type { GuildSettings } from './settings';

export const CONTEXT_TURNS = 10;
export const CONTEXT_MAX_AGE_MS = 30 * 60_000;
export const TURNS_KEPT_PER_CONVERSATION = 20;
export const TURNS_RETENTION_MS = 24 * 60 * 60_000;
export const CHANNEL_BUFFER_MESSAGES = 25;
export const CHANNEL_BUFFER_MAX_AGE_MS = 60 * 60_000;
/** Long messages are stored cut, so one member cannot fill the model's context. */
export const STORED_CONTENT_CHARS = 1_500;

export type TurnRole = 'user' | 'bot' | 'agent';

export interface Turn {
  role: TurnRole;
  content: string;
  at: number;
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
  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  addTurn(channelId: string, userId: string, role: TurnRole, content: string, messageId: string | null, at = Date.now()): void {
    const conversationId = conversationIdOf(channelId, userId);
    this.sql.exec(
      'INSERT INTO turns (conversation_id, channel_id, user_id, role, content, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      conversationId,
      channelId,
      userId,
      role,
      content.slice(0, STORED_CONTENT_CHARS),
      messageId,
      at,
    );
    this.sql.exec(
      'DELETE FROM turns WHERE conversation_id = ? AND id NOT IN (SELECT id FROM turns WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT ?)',
      conversationId,
      conversationId,
      TURNS_KEPT_PER_CONVERSATION,
    );
  }

  /** The member's recent turns in this channel, oldest first: at most CONTEXT_TURNS, none older than CONTEXT_MAX_AGE_MS. */
  recentTurns(channelId: string, userId: string, now = Date.now()): Turn[] {
    return this.sql
      .exec<{ role: string; content: string; at: number }>(
        'SELECT role, content, at FROM turns WHERE conversation_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?',
        conversationIdOf(channelId, userId),
        now - CONTEXT_MAX_AGE_MS,
        CONTEXT_TURNS,
      )
      .toArray()
      .reverse()
      .map((row) => ({ role: row.role as TurnRole, content: row.content, at: row.at }));
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
    this.sql.exec('DELETE FROM turns WHERE message_id = ?', messageId);
    this.sql.exec('DELETE FROM channel_buffer WHERE message_id = ?', messageId);
  }

  conversations(limit = 100): ConversationSummary[] {
    return this.sql
      .exec<{ conversation_id: string; channel_id: string; user_id: string; turns: number; last_at: number }>(
        `SELECT conversation_id, channel_id, user_id, COUNT(*) AS turns, MAX(at) AS last_at
           FROM turns GROUP BY conversation_id ORDER BY last_at DESC LIMIT ?`,
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

  /** Drops turns past retention and buffer lines past their age. */
  prune(now = Date.now()): void {
    this.sql.exec('DELETE FROM turns WHERE at < ?', now - TURNS_RETENTION_MS);
    this.sql.exec('DELETE FROM channel_buffer WHERE at < ?', now - CHANNEL_BUFFER_MAX_AGE_MS);
  }
}
