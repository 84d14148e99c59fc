// Threads and forums, decided without the runtime: which settings a thread follows, which forum posts are
// covered, what a thread's conversation is, how a question names its thread, and which messages are members'.

import { MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { applySettingsPatch, DEFAULT_SETTINGS, type GuildSettings } from '../../src/guild/settings';
import { conversationKeyOf, decideReplyIn, forumCovers, isMemberMessageType, threadNameOf, THREAD_NAME_MAX_CHARS, type Place } from '../../src/threads/place';

const BOT = '100000000000000001';
const FORUM = '300000000000011001';
const TEXT = '300000000000011002';
const POST = '300000000000011003';
const ALICE = '200000000000011001';
const BOB = '200000000000011002';

function settings(patch: unknown = {}): GuildSettings {
  const result = applySettingsPatch(DEFAULT_SETTINGS, patch);
  if (!result.ok) throw new Error(result.error);
  return result.settings;
}

function threadPlace(parentId: string, forum: boolean, herald = false): Place {
  return {
    channelId: POST,
    settingsChannelId: parentId,
    thread: { id: POST, parentId, private: false, ownerId: ALICE, name: 'Login fails', archived: false, forum, conversationUserId: ALICE, herald },
  };
}

const plain: Place = { channelId: TEXT, settingsChannelId: TEXT, thread: null };

function message(content: string, overrides: Partial<{ id: string; authorId: string; mentionUserIds: string[] }> = {}) {
  return { id: '400000000000011001', authorId: BOB, authorIsBot: false, webhookId: null, channelId: POST, content, mentionUserIds: [], ...overrides };
}

describe('forumCovers', () => {
  it('covers every forum by default, none when disabled, only the listed ones when listed', () => {
    expect(forumCovers(settings(), FORUM)).toBe(true);
    expect(forumCovers(settings({ forums: { enabled: false } }), FORUM)).toBe(false);
    expect(forumCovers(settings({ forums: { channelIds: [TEXT] } }), FORUM)).toBe(false);
    expect(forumCovers(settings({ forums: { channelIds: [FORUM] }, channels: [TEXT] }), FORUM)).toBe(true);
  });

  it('follows `channels` when no forum is listed', () => {
    expect(forumCovers(settings({ channels: [TEXT] }), FORUM)).toBe(false);
    expect(forumCovers(settings({ channels: [FORUM] }), FORUM)).toBe(true);
  });
});

describe('decideReplyIn', () => {
  it("answers a covered forum post's first message with its title and text, without a mention", () => {
    const decision = decideReplyIn(settings(), threadPlace(FORUM, true), message('It says error 42', { id: POST, authorId: ALICE }), BOT);
    expect(decision).toEqual({ kind: 'answer', question: 'Login fails\nIt says error 42', mentioned: false });
  });

  it('leaves a post alone in a forum that is not covered', () => {
    const decision = decideReplyIn(settings({ forums: { enabled: false } }), threadPlace(FORUM, true), message('It says error 42', { id: POST, authorId: ALICE }), BOT);
    expect(decision.kind).toBe('ignore');
  });

  it('judges later messages in a covered forum post without a mention (mention mode), and skips them in ask mode', () => {
    expect(decideReplyIn(settings(), threadPlace(FORUM, true), message('how do I reset it?'), BOT)).toEqual({ kind: 'judge', question: 'how do I reset it?' });
    expect(decideReplyIn(settings({ responseMode: 'ask' }), threadPlace(FORUM, true), message('how do I reset it?'), BOT).kind).toBe('ignore');
  });

  it("applies the parent channel's `channels` entry and response mode to a plain thread", () => {
    const mentioned = message(`<@${BOT}> how do I reset it?`, { mentionUserIds: [BOT] });
    expect(decideReplyIn(settings({ channels: [TEXT] }), threadPlace(TEXT, false), mentioned, BOT).kind).toBe('answer');
    expect(decideReplyIn(settings({ channels: ['300000000000011999'] }), threadPlace(TEXT, false), mentioned, BOT)).toEqual({ kind: 'ignore', why: 'channel-not-enabled' });
    expect(decideReplyIn(settings(), threadPlace(TEXT, false), message('how do I reset it?'), BOT)).toEqual({ kind: 'ignore', why: 'not-mentioned' });
  });

  it('treats a thread Herald opened (autoThread) like a forum post: questions need no mention', () => {
    expect(decideReplyIn(settings(), threadPlace(TEXT, false, true), message('and on mobile?'), BOT).kind).toBe('judge');
  });

  it('decides a plain channel message as before', () => {
    expect(decideReplyIn(settings(), plain, { ...message('hi'), channelId: TEXT }, BOT)).toEqual({ kind: 'ignore', why: 'not-mentioned' });
  });
});

describe('conversationKeyOf', () => {
  it('makes a thread one conversation whoever writes, and a channel one per member', () => {
    expect(conversationKeyOf(threadPlace(FORUM, true), BOB)).toEqual({ channelId: POST, userId: ALICE });
    expect(conversationKeyOf(plain, BOB)).toEqual({ channelId: TEXT, userId: BOB });
  });
});

describe('threadNameOf', () => {
  it("keeps short questions on one line and cuts long ones to Discord's 100 characters", () => {
    expect(threadNameOf('  how do\nI   reset?  ')).toBe('how do I reset?');
    const long = threadNameOf('word '.repeat(60));
    expect([...long].length).toBeLessThanOrEqual(THREAD_NAME_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect([...threadNameOf('😀'.repeat(150))].length).toBe(THREAD_NAME_MAX_CHARS);
    expect(threadNameOf('   ')).toBe('Question');
  });
});

describe('isMemberMessageType', () => {
  it('takes plain messages and replies, not system messages', () => {
    expect(isMemberMessageType(MessageType.Default)).toBe(true);
    expect(isMemberMessageType(MessageType.Reply)).toBe(true);
    expect(isMemberMessageType(MessageType.ThreadCreated)).toBe(false);
    expect(isMemberMessageType(MessageType.ThreadStarterMessage)).toBe(false);
  });
});
