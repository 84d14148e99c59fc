import { describe, expect, it } from 'vitest';
import { replyBodies, safeAllowedMentions, type ReplyTarget } from '../../src/discord/messages';
import { DISCORD_MESSAGE_LIMIT } from '../../src/discord/split-message';

const TARGET: ReplyTarget = { messageId: '111111111111111111', channelId: '222222222222222222', guildId: '333333333333333333' };

// ~5,000 characters of prose in sentences, so it must become at least three messages.
const LONG = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} explains one more detail of the setup.`).join(' ');

describe('replyBodies', () => {
  it('makes one body for a short answer, replying to the member', () => {
    expect(replyBodies('Open Settings → Account → Reset password.', TARGET)).toEqual([
      {
        content: 'Open Settings → Account → Reset password.',
        allowed_mentions: { parse: [], users: [], replied_user: true },
        message_reference: {
          message_id: TARGET.messageId,
          channel_id: TARGET.channelId,
          guild_id: TARGET.guildId,
          fail_if_not_exists: false,
        },
      },
    ]);
  });

  it('splits long text into several bodies, each within the limit, losing no words', () => {
    expect(LONG.length).toBeGreaterThan(2 * DISCORD_MESSAGE_LIMIT);
    const bodies = replyBodies(LONG, TARGET);
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) {
      expect(typeof body.content).toBe('string');
      expect(body.content!.length).toBeGreaterThan(0);
      expect(body.content!.length).toBeLessThanOrEqual(2000);
    }
    expect(bodies.map((body) => body.content).join(' ').split(/\s+/)).toEqual(LONG.split(/\s+/));
  });

  it('splits a long unbroken string too', () => {
    const bodies = replyBodies('x'.repeat(4500), TARGET);
    expect(bodies.map((body) => body.content!.length)).toEqual([2000, 2000, 500]);
  });

  it('puts the message reference on the first body only', () => {
    const [first, ...rest] = replyBodies(LONG, TARGET);
    expect(first!.message_reference).toEqual({
      message_id: TARGET.messageId,
      channel_id: TARGET.channelId,
      guild_id: TARGET.guildId,
      fail_if_not_exists: false,
    });
    expect(first!.allowed_mentions?.replied_user).toBe(true);
    expect(rest.length).toBeGreaterThan(0);
    for (const body of rest) {
      expect(body).not.toHaveProperty('message_reference');
      expect(body.allowed_mentions?.replied_user).toBe(false);
    }
  });

  it('never references a message without a target', () => {
    const bodies = replyBodies(LONG, null);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body).not.toHaveProperty('message_reference');
      expect(body.allowed_mentions?.replied_user).toBe(false);
    }
  });

  it.each([
    ['@everyone read this', TARGET],
    ['@here the server is down', TARGET],
    ['ask <@&444444444444444444> about it', TARGET],
    ['ping <@555555555555555555> and <@!666666666666666666>', TARGET],
    ['@everyone without a target', null],
    [`@everyone ${LONG} @here`, TARGET],
  ])('lets nothing in %j ping anyone', (content, target) => {
    const bodies = replyBodies(content, target);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.allowed_mentions).toBeDefined();
      expect(body.allowed_mentions!.parse).toEqual([]);
      expect(body.allowed_mentions!.users ?? []).toEqual([]);
      expect(body.allowed_mentions!.roles ?? []).toEqual([]);
    }
  });

  it('keeps the text (mentions are neutralised by allowed_mentions, not rewritten)', () => {
    expect(replyBodies('@everyone hi', TARGET)[0]!.content).toBe('@everyone hi');
  });

  it('makes no bodies for empty text', () => {
    expect(replyBodies('', TARGET)).toEqual([]);
    expect(replyBodies('   \n ', TARGET)).toEqual([]);
  });
});

describe('safeAllowedMentions', () => {
  it('parses nothing and notifies the replied-to member by default', () => {
    expect(safeAllowedMentions()).toEqual({ parse: [], users: [], replied_user: true });
  });

  it('allows only the listed users', () => {
    expect(safeAllowedMentions(['1', '2'], false)).toEqual({ parse: [], users: ['1', '2'], replied_user: false });
  });

  it('copies the user list', () => {
    const users = ['1'];
    const mentions = safeAllowedMentions(users);
    users.push('2');
    expect(mentions.users).toEqual(['1']);
  });

  it('never allows roles or everyone', () => {
    const mentions = safeAllowedMentions(['1']);
    expect(mentions.parse).toEqual([]);
    expect(mentions.roles ?? []).toEqual([]);
  });
});

describe('replyBodies nonces', () => {
  const target = { messageId: '1574933181877063680', channelId: '1574933181797371906', guildId: '1574933181797371904' };

  it('keys every part by the member message so a replayed answer creates nothing new', () => {
    const bodies = replyBodies('a'.repeat(1990) + '\n\n' + 'b'.repeat(100), target, target.messageId);
    expect(bodies.map((body) => body.nonce)).toEqual([`${target.messageId}-0`, `${target.messageId}-1`]);
    expect(bodies.every((body) => body.enforce_nonce === true)).toBe(true);
    expect(bodies.every((body) => String(body.nonce).length <= 25)).toBe(true);
  });

  it('sends no nonce without a key', () => {
    const [body] = replyBodies('hello', target);
    expect(body!.nonce).toBeUndefined();
    expect(body!.enforce_nonce).toBeUndefined();
  });
});
