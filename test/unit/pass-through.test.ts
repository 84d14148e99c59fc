// Which new messages skip the durable inbox: only those whose handling writes and calls nothing.

import type { GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { MessageCreateEvent } from '../../src/guild/events';
import { passesThrough, type PassThroughFacts } from '../../src/guild/pass-through';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/guild/settings';

const BOT = { appKey: 'shared', applicationId: '100000000000000001', botUserId: '100000000000000001' };
const NONE: PassThroughFacts = { moderated: false, held: false, queuedBefore: false, plainChannel: true };

function event(content: string, author: { id: string; bot?: boolean } = { id: '200000000000000001' }, mentions: string[] = []): MessageCreateEvent {
  const message = {
    id: '400000000000000001',
    channel_id: '500000000000000001',
    guild_id: '300000000000000001',
    author: { username: 'member', ...author },
    content,
    mentions: mentions.map((id) => ({ id, username: 'x' })),
    mention_roles: [],
    type: 0,
  } as unknown as GatewayMessageCreateDispatchData;
  return { kind: 'message_create', eventId: `message_create:shared:${message.id}`, bot: BOT, message };
}

const settings = (patch: Partial<GuildSettings> = {}): GuildSettings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('passesThrough', () => {
  it('passes chatter that does not mention the bot in mention mode', () => {
    expect(passesThrough(settings(), event('good morning'), NONE)).toBe(true);
  });

  it('keeps a mention, a greeting and (in all mode) any question for the inbox', () => {
    expect(passesThrough(settings(), event(`<@${BOT.botUserId}> how do refunds work?`, undefined, [BOT.botUserId]), NONE)).toBe(false);
    expect(passesThrough(settings(), event(`<@${BOT.botUserId}>`, undefined, [BOT.botUserId]), NONE)).toBe(false);
    expect(passesThrough(settings({ responseMode: 'all' }), event('how do refunds work?'), NONE)).toBe(false);
  });

  it('keeps moderated messages, held conversations and messages queued behind others for the inbox', () => {
    expect(passesThrough(settings(), event('good morning'), { ...NONE, moderated: true })).toBe(false);
    expect(passesThrough(settings(), event('good morning'), { ...NONE, held: true })).toBe(false);
    expect(passesThrough(settings(), event('good morning'), { ...NONE, queuedBefore: true })).toBe(false);
  });

  it('keeps messages in threads and in channels not known yet for the inbox (a forum thread is answered without a mention)', () => {
    expect(passesThrough(settings(), event('how do refunds work?'), { ...NONE, plainChannel: false })).toBe(false);
  });

  it('keeps channel-memory messages (all mode with channel awareness) for the inbox', () => {
    expect(passesThrough(settings({ responseMode: 'all', smartMode: true, channelAwareness: true }), event('lol'), NONE)).toBe(false);
  });

  it("passes the bot's own messages and messages seen through an application the guild does not use", () => {
    expect(passesThrough(settings(), event('an answer', { id: BOT.botUserId, bot: true }), { ...NONE, moderated: true })).toBe(true);
    const custom = settings({ customBot: { applicationId: '100000000000000009', publicKey: 'ab'.repeat(32), botToken: 'x' } });
    expect(passesThrough(custom, event(`<@${BOT.botUserId}> refunds?`, undefined, [BOT.botUserId]), NONE)).toBe(true);
  });

  it('passes other bots and webhooks (never answered)', () => {
    expect(passesThrough(settings(), event(`<@${BOT.botUserId}> hi`, { id: '200000000000000002', bot: true }, [BOT.botUserId]), NONE)).toBe(true);
  });
});
