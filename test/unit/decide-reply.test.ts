import { describe, expect, it } from 'vitest';
import { decideReply, mentionsBot, stripBotMention, type IncomingMessage, type ReplyDecision } from '../../src/guild/decide-reply';
import { DEFAULT_SETTINGS, applySettingsPatch, type GuildSettings } from '../../src/guild/settings';

const BOT = '900000000000000001';
const MEMBER = '800000000000000002';
const OTHER_USER = '700000000000000003';
const CHANNEL_A = '600000000000000004';
const CHANNEL_B = '500000000000000005';

function settings(patch: Record<string, unknown>): GuildSettings {
  const result = applySettingsPatch(DEFAULT_SETTINGS, patch);
  if (!result.ok) throw new Error(`bad settings patch ${result.field}: ${result.error}`);
  return result.settings;
}

function message(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    authorId: MEMBER,
    authorIsBot: false,
    webhookId: null,
    channelId: CHANNEL_A,
    content: 'how do I reset my password?',
    mentionUserIds: [],
    ...overrides,
  };
}

const MENTION = settings({ responseMode: 'mention' });
const ALL_SMART = settings({ responseMode: 'all', smartMode: true });
const ALL_DUMB = settings({ responseMode: 'all', smartMode: false });
const ASK = settings({ responseMode: 'ask' });
const ONLY_A = settings({ responseMode: 'all', smartMode: false, channels: [CHANNEL_A] });

const ignore = (why: Extract<ReplyDecision, { kind: 'ignore' }>['why']): ReplyDecision => ({ kind: 'ignore', why });
const answer = (question: string, mentioned: boolean): ReplyDecision => ({ kind: 'answer', question, mentioned });
const greet: ReplyDecision = { kind: 'greet' };
const judge = (question: string): ReplyDecision => ({ kind: 'judge', question });

describe('decideReply', () => {
  it('builds the settings it needs', () => {
    expect(MENTION.responseMode).toBe('mention');
    expect(ALL_SMART).toMatchObject({ responseMode: 'all', smartMode: true });
    expect(ALL_DUMB).toMatchObject({ responseMode: 'all', smartMode: false });
    expect(ASK.responseMode).toBe('ask');
    expect(ONLY_A.channels).toEqual([CHANNEL_A]);
  });

  describe('messages from bots, webhooks and itself are ignored in every mode', () => {
    const authors: Array<[string, Partial<IncomingMessage>]> = [
      ['another bot', { authorIsBot: true, authorId: OTHER_USER }],
      ['a webhook', { webhookId: '400000000000000006' }],
      ['Herald itself', { authorId: BOT }],
      ['Herald itself, even when not flagged as a bot', { authorId: BOT, authorIsBot: false }],
    ];
    const modes: Array<[string, GuildSettings]> = [
      ['mention', MENTION],
      ['all (smart)', ALL_SMART],
      ['all (not smart)', ALL_DUMB],
      ['ask', ASK],
    ];
    for (const [authorName, author] of authors) {
      for (const [modeName, mode] of modes) {
        it(`${authorName} in ${modeName} mode`, () => {
          const mentioned = message({ ...author, content: `<@${BOT}> help, the bot is broken?`, mentionUserIds: [BOT] });
          expect(decideReply(mode, mentioned, BOT)).toEqual(ignore('from-bot'));
        });
      }
    }
  });

  describe('channel restrictions', () => {
    it.each<[string, GuildSettings, Partial<IncomingMessage>, ReplyDecision]>([
      ['listed channel is answered', ONLY_A, { channelId: CHANNEL_A, content: 'lol' }, answer('lol', false)],
      ['unlisted channel is ignored', ONLY_A, { channelId: CHANNEL_B, content: 'how do I reset?' }, ignore('channel-not-enabled')],
      [
        'unlisted channel is ignored even when mentioned',
        ONLY_A,
        { channelId: CHANNEL_B, content: `<@${BOT}> how do I reset?`, mentionUserIds: [BOT] },
        ignore('channel-not-enabled'),
      ],
      ['an empty list means every channel', ALL_DUMB, { channelId: CHANNEL_B, content: 'lol' }, answer('lol', false)],
    ])('%s', (_name, mode, overrides, expected) => {
      expect(decideReply(mode, message(overrides), BOT)).toEqual(expected);
    });

    it('checks the channel before the ask mode', () => {
      const askOnlyA = settings({ responseMode: 'ask', channels: [CHANNEL_A] });
      expect(decideReply(askOnlyA, message({ channelId: CHANNEL_B }), BOT)).toEqual(ignore('channel-not-enabled'));
      expect(decideReply(askOnlyA, message({ channelId: CHANNEL_A }), BOT)).toEqual(ignore('ask-mode'));
    });
  });

  describe('ask mode ignores every message', () => {
    it.each<[string, Partial<IncomingMessage>]>([
      ['a question', { content: 'how do I reset my password?' }],
      ['a mention with a question', { content: `<@${BOT}> how do I reset my password?`, mentionUserIds: [BOT] }],
      ['a bare mention', { content: `<@${BOT}>`, mentionUserIds: [BOT] }],
      ['a nickname mention', { content: `<@!${BOT}> help` }],
      ['casual chat', { content: 'lol' }],
      ['an empty message', { content: '' }],
    ])('%s', (_name, overrides) => {
      expect(decideReply(ASK, message(overrides), BOT)).toEqual(ignore('ask-mode'));
    });
  });

  describe('mention mode requires a mention', () => {
    it.each<[string, Partial<IncomingMessage>, ReplyDecision]>([
      ['plain question, no mention', { content: 'how do I reset my password?' }, ignore('not-mentioned')],
      ['casual chat, no mention', { content: 'gm' }, ignore('not-mentioned')],
      ['empty, no mention', { content: '' }, ignore('not-mentioned')],
      ['mentions someone else', { content: `<@${OTHER_USER}> how do I reset?`, mentionUserIds: [OTHER_USER] }, ignore('not-mentioned')],
      ['mention of a longer id that starts with ours', { content: `<@${BOT}0> how do I reset?` }, ignore('not-mentioned')],
      ['a role mention is not a bot mention', { content: `<@&${BOT}> how do I reset?` }, ignore('not-mentioned')],
      ['<@id> form', { content: `<@${BOT}> how do I reset my password?` }, answer('how do I reset my password?', true)],
      ['<@!id> form', { content: `<@!${BOT}> how do I reset my password?` }, answer('how do I reset my password?', true)],
      [
        'mentions array only (e.g. a reply ping)',
        { content: 'how do I reset my password?', mentionUserIds: [BOT] },
        answer('how do I reset my password?', true),
      ],
      [
        'mention at the end',
        { content: 'how do I reset my password? <@' + BOT + '>', mentionUserIds: [BOT] },
        answer('how do I reset my password?', true),
      ],
      [
        'mention in the middle, whitespace collapsed',
        { content: `hey   <@${BOT}>\n  where are the docs`, mentionUserIds: [BOT] },
        answer('hey where are the docs', true),
      ],
      [
        'mentioned twice, both stripped',
        { content: `<@${BOT}> <@!${BOT}> refunds?`, mentionUserIds: [BOT] },
        answer('refunds?', true),
      ],
      [
        'other mentions are kept in the question',
        { content: `<@${BOT}> ask <@${OTHER_USER}> about it?`, mentionUserIds: [BOT, OTHER_USER] },
        answer(`ask <@${OTHER_USER}> about it?`, true),
      ],
      ['casual chat with a mention is still answered', { content: `<@${BOT}> lol`, mentionUserIds: [BOT] }, answer('lol', true)],
      ['bare mention greets', { content: `<@${BOT}>`, mentionUserIds: [BOT] }, greet],
      ['bare nickname mention greets', { content: `  <@!${BOT}>  ` }, greet],
      ['mention with only whitespace greets', { content: `<@${BOT}>\n\t `, mentionUserIds: [BOT] }, greet],
      ['empty content but mentioned greets', { content: '', mentionUserIds: [BOT] }, greet],
    ])('%s', (_name, overrides, expected) => {
      expect(decideReply(MENTION, message(overrides), BOT)).toEqual(expected);
    });

    it('is not affected by smart mode', () => {
      const mentionNotSmart = settings({ responseMode: 'mention', smartMode: false });
      expect(decideReply(mentionNotSmart, message({ content: 'how do I reset?' }), BOT)).toEqual(ignore('not-mentioned'));
      expect(decideReply(mentionNotSmart, message({ content: `<@${BOT}> gm` }), BOT)).toEqual(answer('gm', true));
    });
  });

  describe('all mode with smart mode on leaves the judgement to the answerer', () => {
    it.each<[string, ReplyDecision]>([
      ['lol', judge('lol')],
      ['gm', judge('gm')],
      ['gn everyone', judge('gn everyone')],
      ['thanks!', judge('thanks!')],
      ['nice', judge('nice')],
      ['how do I reset my password?', judge('how do I reset my password?')],
      ['where can I find the docs', judge('where can I find the docs')],
      ['the installer is broken', judge('the installer is broken')],
      ['help', judge('help')],
      ['is the server down?', judge('is the server down?')],
    ])('%j → %j', (content, expected) => {
      expect(decideReply(ALL_SMART, message({ content }), BOT)).toEqual(expected);
    });

    it.each<[string, Partial<IncomingMessage>, ReplyDecision]>([
      ['casual chat with a mention is answered', { content: `<@${BOT}> lol` }, answer('lol', true)],
      ['casual chat with the mentions array is answered', { content: 'gm', mentionUserIds: [BOT] }, answer('gm', true)],
      ['a bare mention greets', { content: `<@!${BOT}>` }, greet],
      ['an empty message is ignored', { content: '' }, ignore('empty')],
      ['a whitespace message is ignored', { content: '  \n ' }, ignore('empty')],
      [
        'a question mentioning someone else is answered without a mention',
        { content: `<@${OTHER_USER}> how do I reset?`, mentionUserIds: [OTHER_USER] },
        judge(`<@${OTHER_USER}> how do I reset?`),
      ],
    ])('%s', (_name, overrides, expected) => {
      expect(decideReply(ALL_SMART, message(overrides), BOT)).toEqual(expected);
    });
  });

  describe('all mode with smart mode off answers everything non-empty', () => {
    it.each<[string, Partial<IncomingMessage>, ReplyDecision]>([
      ['casual chat', { content: 'lol' }, answer('lol', false)],
      ['greeting', { content: 'gm' }, answer('gm', false)],
      ['question', { content: 'how do I reset my password?' }, answer('how do I reset my password?', false)],
      ['surrounding whitespace trimmed', { content: '  lol \n' }, answer('lol', false)],
      ['mentioned', { content: `<@${BOT}> lol` }, answer('lol', true)],
      ['bare mention greets', { content: `<@${BOT}>` }, greet],
      ['empty', { content: '' }, ignore('empty')],
      ['whitespace only', { content: ' \t\n' }, ignore('empty')],
    ])('%s', (_name, overrides, expected) => {
      expect(decideReply(ALL_DUMB, message(overrides), BOT)).toEqual(expected);
    });
  });
});

describe('mentionsBot / stripBotMention', () => {
  it.each<[string, readonly string[], boolean]>([
    [`<@${BOT}>`, [], true],
    [`<@!${BOT}>`, [], true],
    ['hello', [BOT], true],
    ['hello', [OTHER_USER], false],
    [`<@${OTHER_USER}>`, [], false],
    [`@${BOT}`, [], false],
    [`<@${BOT}`, [], false],
  ])('%j with mentions %j → %s', (content, mentionUserIds, expected) => {
    expect(mentionsBot(message({ content, mentionUserIds }), BOT)).toBe(expected);
  });

  it('gives the same answer when called repeatedly (no regex state leaks)', () => {
    const m = message({ content: `<@${BOT}> hi` });
    expect([mentionsBot(m, BOT), mentionsBot(m, BOT), mentionsBot(m, BOT)]).toEqual([true, true, true]);
  });

  it.each([
    [`<@${BOT}> how do I reset?`, 'how do I reset?'],
    [`<@!${BOT}>how do I reset?`, 'how do I reset?'],
    [`a<@${BOT}>b`, 'a b'],
    [`<@${BOT}>`, ''],
    [`keep <@${OTHER_USER}> please`, `keep <@${OTHER_USER}> please`],
  ])('strips %j → %j', (content, expected) => {
    expect(stripBotMention(content, BOT)).toBe(expected);
  });
});
