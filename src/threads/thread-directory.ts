// The guild's threads and forum channels, as the guild actor learns them (THREAD_CREATE/UPDATE/DELETE,
// GUILD_CREATE's active threads and channels, CHANNEL_* events), so each message's place is known: a thread's
// parent decides its settings. A channel Herald was never told about is asked of Discord once (GET /channels/:id).

import { ChannelType, type APIChannel } from 'discord-api-types/v10';
import type { GuildDiscord } from '../guild/discord-output';
import { logError } from '../log';
import type { Place, ThreadInfo } from './place';

/** Threads remembered per guild; the oldest-touched go first (an old thread asked about again is fetched again). */
export const THREADS_KEPT = 5_000;
/** Channels found not to be threads, remembered in memory only (bounded) so a lookup happens once per instance. */
const NOT_THREADS_CACHE = 1_000;

type ThreadRow = {
  thread_id: string;
  parent_id: string;
  private: number;
  owner_id: string;
  name: string;
  archived: number;
  asker_id: string | null;
};

/** A thread as read from a Discord channel object (THREAD_CREATE data, GET /channels/:id), or null if not a thread. */
export function threadInfoOf(channel: unknown): ThreadInfo | null {
  if (typeof channel !== 'object' || channel === null) return null;
  const c = channel as Partial<Record<string, unknown>> & { thread_metadata?: { archived?: unknown } };
  const type = c.type;
  if (type !== ChannelType.PublicThread && type !== ChannelType.PrivateThread && type !== ChannelType.AnnouncementThread) return null;
  if (typeof c.id !== 'string' || typeof c.parent_id !== 'string') return null;
  return {
    id: c.id,
    parentId: c.parent_id,
    private: type === ChannelType.PrivateThread,
    ownerId: typeof c.owner_id === 'string' ? c.owner_id : '',
    name: typeof c.name === 'string' ? c.name : '',
    archived: c.thread_metadata?.archived === true,
  };
}

export class ThreadDirectory {
  private readonly notThreads = new Set<string>();

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly discord: GuildDiscord,
  ) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** A thread created or changed; who asked (set when Herald opened it) is kept. */
  record(thread: ThreadInfo): void {
    this.notThreads.delete(thread.id);
    this.sql.exec(
      `INSERT INTO threads (thread_id, parent_id, private, owner_id, name, archived, at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (thread_id) DO UPDATE SET parent_id = excluded.parent_id, private = excluded.private, name = excluded.name,
           archived = excluded.archived, at = excluded.at, owner_id = CASE WHEN excluded.owner_id = '' THEN threads.owner_id ELSE excluded.owner_id END`,
      thread.id,
      thread.parentId,
      thread.private ? 1 : 0,
      thread.ownerId,
      thread.name,
      thread.archived ? 1 : 0,
      Date.now(),
    );
    this.sql.exec('DELETE FROM threads WHERE thread_id IN (SELECT thread_id FROM threads ORDER BY at DESC LIMIT -1 OFFSET ?)', THREADS_KEPT);
  }

  forget(threadId: string): void {
    this.sql.exec('DELETE FROM threads WHERE thread_id = ?', threadId);
  }

  /** Herald opened this thread from `askerId`'s message: the thread's conversation is theirs. */
  openedFor(thread: ThreadInfo, askerId: string): void {
    this.record(thread);
    this.sql.exec('UPDATE threads SET asker_id = ? WHERE thread_id = ?', askerId, thread.id);
  }

  /** GUILD_CREATE: the forum channels among the guild's channels (the set is replaced). */
  replaceForums(forumIds: readonly string[]): void {
    this.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM forums');
      for (const id of forumIds) this.sql.exec('INSERT OR IGNORE INTO forums (channel_id) VALUES (?)', id);
    });
  }

  /** CHANNEL_CREATE/UPDATE (forum or not) and CHANNEL_DELETE (null). */
  recordChannel(channelId: string, forum: boolean | null): void {
    if (forum) this.sql.exec('INSERT OR IGNORE INTO forums (channel_id) VALUES (?)', channelId);
    else this.sql.exec('DELETE FROM forums WHERE channel_id = ?', channelId);
  }

  /** Where a message was written: its thread (and whether the parent is a forum), or a plain channel. */
  async placeOf(channelId: string): Promise<Place> {
    // A channel once found plain (the usual case, every message in it) is known without reading a row.
    if (this.notThreads.has(channelId)) return { channelId, settingsChannelId: channelId, thread: null };
    const row = this.row(channelId) ?? (await this.lookUp(channelId));
    if (!row) return { channelId, settingsChannelId: channelId, thread: null };
    const forum = await this.isForum(row.parent_id);
    return {
      channelId,
      settingsChannelId: row.parent_id,
      thread: {
        id: row.thread_id,
        parentId: row.parent_id,
        private: row.private === 1,
        ownerId: row.owner_id,
        name: row.name,
        archived: row.archived === 1,
        forum,
        conversationUserId: row.asker_id ?? row.owner_id,
        herald: row.asker_id !== null,
      },
    };
  }

  /**
   * Known, without a lookup, to be a plain channel (not a thread): then its messages may skip the inbox
   * (pass-through.ts). A thread, or a channel never seen, needs placeOf's lookup first.
   */
  isPlainChannel(channelId: string): boolean {
    // Asked for every message: a channel once found plain is remembered in memory (an id never becomes a thread).
    if (this.notThreads.has(channelId)) return true;
    if (this.row(channelId) !== undefined || !this.knownChannel(channelId)) return false;
    this.rememberNotThread(channelId);
    return true;
  }

  private row(threadId: string): ThreadRow | undefined {
    return this.sql
      .exec<ThreadRow>('SELECT thread_id, parent_id, private, owner_id, name, archived, asker_id FROM threads WHERE thread_id = ?', threadId)
      .toArray()[0];
  }

  /** A guild channel Herald learned from GUILD_CREATE or CHANNEL_* is not a thread (threads never appear there). */
  private knownChannel(channelId: string): boolean {
    return this.sql.exec('SELECT 1 FROM channel_visibility WHERE channel_id = ?', channelId).toArray().length > 0;
  }

  /** A channel never seen: Discord says what it is; a failed lookup is treated as a plain channel this once. */
  private async lookUp(channelId: string): Promise<ThreadRow | undefined> {
    if (this.notThreads.has(channelId) || this.knownChannel(channelId)) return undefined;
    const channel = await this.fetchChannel(channelId);
    const info = threadInfoOf(channel);
    if (!info) {
      if (channel !== null) this.rememberNotThread(channelId);
      return undefined;
    }
    this.record(info);
    return this.row(channelId);
  }

  private async isForum(channelId: string): Promise<boolean> {
    if (this.sql.exec('SELECT 1 FROM forums WHERE channel_id = ?', channelId).toArray().length > 0) return true;
    if (this.knownChannel(channelId) || this.notThreads.has(channelId)) return false;
    const channel = await this.fetchChannel(channelId);
    const forum = typeof channel === 'object' && channel !== null && (channel as { type?: unknown }).type === ChannelType.GuildForum;
    if (channel !== null) this.recordChannel(channelId, forum);
    if (channel !== null && !forum) this.rememberNotThread(channelId);
    return forum;
  }

  private rememberNotThread(channelId: string): void {
    if (this.notThreads.size >= NOT_THREADS_CACHE) this.notThreads.clear();
    this.notThreads.add(channelId);
  }

  private async fetchChannel(channelId: string): Promise<APIChannel | null> {
    const rest = this.discord.rest();
    if (!rest) return null;
    try {
      return await rest.get<APIChannel>(`/channels/${channelId}`);
    } catch (error) {
      logError('GuildActor.threadLookup', error, { channelId });
      return null;
    }
  }
}
