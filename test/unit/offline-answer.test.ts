import { describe, expect, it } from 'vitest';
import {
  NO_ANSWER_TEXT,
  composeOfflineAnswer,
  looksLikeQuestionOrRequest,
  wantsHuman,
  type Passage,
} from '../../src/answer/offline-answer';

const passage = (overrides: Partial<Passage>): Passage => ({
  docId: 'doc-1',
  title: 'Refund policy',
  text: 'Refunds are processed within 5 business days.',
  score: -3,
  ...overrides,
});

const noAnswer = { text: NO_ANSWER_TEXT, sources: [], grounded: false };

describe('composeOfflineAnswer', () => {
  it('says plainly that nothing was found and suggests rephrasing or a human', () => {
    expect(NO_ANSWER_TEXT).toMatch(/knowledge base/i);
    expect(NO_ANSWER_TEXT).toMatch(/rephras/i);
    expect(NO_ANSWER_TEXT).toMatch(/moderator|staff|human/i);
  });

  it('returns no answer without passages', () => {
    expect(composeOfflineAnswer('How do refunds work?', [])).toEqual(noAnswer);
  });

  it('quotes the best (lowest bm25) passage and cites its title', () => {
    const passages = [
      passage({ docId: 'a', title: 'Shipping', text: 'Shipping refunds are rare.', score: -2 }),
      passage({ docId: 'b', title: 'Refund policy', text: 'Refunds take 5 days.', score: -9.5 }),
      passage({ docId: 'c', title: 'Billing', text: 'Billing refund rules.', score: -4 }),
    ];
    expect(composeOfflineAnswer('How long do refunds take?', passages)).toEqual({
      text: 'Refunds take 5 days.\n\nSource: Refund policy',
      sources: ['Refund policy'],
      grounded: true,
    });
  });

  it.each([
    ['the best passage shares no word with the question', 'How do I change my nickname?', 'Refunds take 5 days.', 'Refund policy'],
    ['the question is only stopwords', 'how do i do it?', 'How do I do it: click the button.', 'Guide'],
    ['only a two-letter prefix is shared', 'Is AI allowed?', 'Air conditioning is on.', 'Office'],
  ])('returns no answer when %s', (_case, question, text, title) => {
    expect(composeOfflineAnswer(question, [passage({ text, title })])).toEqual(noAnswer);
  });

  it('does not fall back to a worse passage when the best one is off-topic', () => {
    const passages = [
      passage({ title: 'Roles', text: 'Roles are assigned by staff.', score: -8 }),
      passage({ title: 'Nicknames', text: 'Change your nickname in settings.', score: -1 }),
    ];
    expect(composeOfflineAnswer('nickname change', passages)).toEqual(noAnswer);
  });

  it.each([
    ['title only', 'What is the refund policy?', passage({ title: 'Refund policy', text: 'Contact billing within 30 days.' })],
    ['plural in question, singular in passage', 'refunds', passage({ title: 'Money', text: 'You can get a refund.' })],
    ['singular in question, plural in passage', 'refund', passage({ title: 'Money', text: 'Refunds are possible.' })],
    ['case differs', 'REFUND', passage({ title: 'Money', text: 'refund here' })],
  ])('counts a question term as present: %s', (_case, question, candidate) => {
    expect(composeOfflineAnswer(question, [candidate]).grounded).toBe(true);
  });

  it('trims a long passage at a sentence boundary within 1500 characters', () => {
    const sentence = 'Refunds are processed by the billing team within five days. ';
    const text = sentence.repeat(40);
    const answer = composeOfflineAnswer('refund', [passage({ text })]);
    const [excerpt, source] = answer.text.split('\n\nSource: ');
    expect(source).toBe('Refund policy');
    expect(excerpt?.length).toBeLessThanOrEqual(1500);
    expect(excerpt?.length).toBeGreaterThan(1400);
    expect(excerpt?.endsWith('five days.')).toBe(true);
    expect(text.startsWith(excerpt ?? '-')).toBe(true);
  });

  it('cuts at a word and marks the omission when a long passage has no sentence end', () => {
    const answer = composeOfflineAnswer('refund', [passage({ text: 'refund '.repeat(400) })]);
    const excerpt = answer.text.split('\n\nSource: ')[0] ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(1500);
    expect(excerpt.endsWith('refund…')).toBe(true);
  });

  it('falls back to the document id when the title is blank', () => {
    expect(composeOfflineAnswer('refund', [passage({ title: '  ', docId: 'faq.md' })]).sources).toEqual(['faq.md']);
  });

  it('returns a fresh sources array for every no-answer', () => {
    const first = composeOfflineAnswer('x', []);
    first.sources.push('mutated');
    expect(composeOfflineAnswer('x', []).sources).toEqual([]);
  });
});

describe('looksLikeQuestionOrRequest', () => {
  it.each([
    'How do I get the verified role?',
    'how do i get verified',
    'Where can I find the rules',
    'can someone explain the ranks',
    'anyone know how to link my account',
    'help',
    'help pls',
    'I need a refund for my order',
    'bot is not working',
    "the bot doesn't work in my server",
    'the bot doesn’t work in my server',
    "I'm getting an error",
    'error 500 when logging in',
    'having a problem with payments',
    'is the server down',
    'should I use the web version',
    'will there be an event today',
    'which plan includes analytics',
    'refund?',
    '<@123456789012345678> how do I reset my password',
    'I cannot log in',
  ])('treats %j as a question or request', (text) => {
    expect(looksLikeQuestionOrRequest(text)).toBe(true);
  });

  it.each([
    '',
    '   ',
    'lol',
    'gm',
    'thanks!',
    'nice',
    '🎉🔥',
    '<:pepe:123456789012345678>',
    '<@123456789012345678>',
    'ok cool',
    'why',
    'Will do',
    'no problem',
    'no need',
    'thanks for the help!',
    'thank you so much, that fixed my problem',
    'haha yes',
    'good morning everyone',
    'lmao that is great',
    'I love this server so much',
  ])('treats %j as casual chat', (text) => {
    expect(looksLikeQuestionOrRequest(text)).toBe(false);
  });
});

describe('wantsHuman', () => {
  it.each([
    'Can I talk to a human?',
    'I want to speak to a real person',
    'let me talk to an agent',
    'talk to staff please',
    'I need to speak to someone',
    'human please',
    'HUMAN PLS',
    'get me a moderator',
    'I want customer support',
    'customer service!!',
    'can I chat with an admin',
    'is there a human here?',
    'please escalate this',
    'how do I contact the mods',
    'I need a real person',
    'speaking to a moderator would help',
    'is there a live agent',
  ])('detects a request for a person in %j', (text) => {
    expect(wantsHuman(text)).toBe(true);
  });

  it.each([
    'I am human',
    'the human body is weird',
    "I'm a real person lol",
    'that person is rude',
    'the admin panel is broken',
    'I talked to my friend',
    'people are nice here',
    'our staff role color is blue',
    'talk to you later',
    'the moderator bot deleted my message',
    'How do I become a moderator?',
    'human rights day',
  ])('does not flag %j', (text) => {
    expect(wantsHuman(text)).toBe(false);
  });
});
