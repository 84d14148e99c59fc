// Where a message was written, as far as answering goes: a channel, or a thread of a parent channel (a forum
// post is a thread of a forum). Pure decisions about threads: which settings apply, which conversation a
// message belongs to, whether a forum post is covered, what a new thread is named.

import { MessageType } from 'discord-api-types/v10';
import { decideReply, type IncomingMessage, type ReplyDecision } from '../guild/decide-reply';
import type { GuildSettings } from '../guild/settings';

/** Discord's limit on a thread's name. */
export const THREAD_NAME_MAX_CHARS = 100;

/** What Herald knows of a thread: from THREAD_CREATE/UPDATE, GUILD_CREATE, or GET /channels/:id. */
export interface ThreadInfo {
  id: string;
  parentId: string;
  private: boolean;
  ownerId: string;
  name: string;
  archived: boolean;
}

export interface ThreadPlace extends ThreadInfo {
  /** The parent is a forum channel: the thread is a forum post. */
  forum: boolean;
  /** Whom the thread's conversation is filed under: the member who asked (auto-thread) or the thread's owner. */
  conversationUserId: string;
  /** Herald opened this thread to answer its starter message (autoThread). */
  herald: boolean;
}

/** A message's place: `settingsChannelId` is the channel whose settings apply (a thread's parent). */
export interface Place {
  channelId: string;
  settingsChannelId: string;
  thread: ThreadPlace | null;
}

/** Only what members write is answered; system messages (thread created, starter message, pins…) are not. */
export function isMemberMessageType(type: number | undefined): boolean {
  return type === undefined || type === MessageType.Default || type === MessageType.Reply;
}

/**
 * Whether Herald answers new posts in this forum: `forums.channelIds` names forums explicitly; when it is
 * empty every forum is covered that the `channels` setting allows (empty `channels`: all).
 */
export function forumCovers(settings: Pick<GuildSettings, 'forums' | 'channels'>, forumId: string): boolean {
  if (!settings.forums.enabled) return false;
  if (settings.forums.channelIds.length > 0) return settings.forums.channelIds.includes(forumId);
  return settings.channels.length === 0 || settings.channels.includes(forumId);
}

/** The conversation a message belongs to: the whole thread is one, whoever writes; elsewhere one member in one channel. */
export function conversationKeyOf(place: Place, authorId: string): { channelId: string; userId: string } {
  return place.thread ? { channelId: place.thread.id, userId: place.thread.conversationUserId } : { channelId: place.channelId, userId: authorId };
}

/** A thread's name from the question: one line, at most Discord's 100 characters (cut at a word when it can). */
export function threadNameOf(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim() || 'Question';
  const chars = [...line];
  if (chars.length <= THREAD_NAME_MAX_CHARS) return line;
  const cut = chars.slice(0, THREAD_NAME_MAX_CHARS - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length >= THREAD_NAME_MAX_CHARS / 2 ? atWord : cut}…`;
}

/**
 * Whether Herald answers a message, threads included. A forum post's first message (its id is the thread's)
 * is answered when the forum is covered, title and text together being the question. Later messages follow the
 * response mode of the parent channel; in a covered forum post or a thread Herald opened, questions are
 * answered without a mention (as in "all" mode with smart mode: casual chat is skipped).
 */
export function decideReplyIn(settings: GuildSettings, place: Place, message: IncomingMessage & { id: string }, botUserId: string): ReplyDecision {
  const scoped: IncomingMessage = { ...message, channelId: place.settingsChannelId };
  const thread = place.thread;
  if (!thread) return decideReply(settings, scoped, botUserId);
  const covered = thread.forum && forumCovers(settings, thread.parentId);
  if (covered && message.id === thread.id) {
    if (message.authorIsBot || message.webhookId || message.authorId === botUserId) return { kind: 'ignore', why: 'from-bot' };
    const first = decideReply({ ...settings, channels: [], responseMode: 'all', smartMode: false }, scoped, botUserId);
    const body = first.kind === 'answer' ? first.question : '';
    return { kind: 'answer', question: body ? `${thread.name}\n${body}` : thread.name, mentioned: first.kind === 'answer' && first.mentioned };
  }
  const helpThread = covered || thread.herald;
  if (helpThread && settings.responseMode === 'mention') {
    // The thread is a conversation with Herald: the parent's `channels` were checked when it began.
    const decision = decideReply({ ...settings, channels: [], responseMode: 'all', smartMode: true }, scoped, botUserId);
    return decision;
  }
  if (helpThread) return decideReply({ ...settings, channels: [] }, scoped, botUserId);
  return decideReply(settings, scoped, botUserId);
}
