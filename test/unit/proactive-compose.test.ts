import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/answer/offline-answer';
import {
  MAX_POST_CHARS,
  PROACTIVE_SKIP,
  composeOfflinePost,
  contentKey,
  isRepeat,
  neutraliseMassMentions,
  parseTopics,
  proactivePrompt,
} from '../../src/proactive/compose';

const passage = (overrides: Partial<Passage>): Passage => ({
  docId: 'doc-1',
  title: 'Refund policy',
  text: 'Refunds are processed within five business days of the request.',
  score: -3,
  ...overrides,
});

const MASS_MENTION = /@(everyone|here)/i;

describe('parseTopics', () => {
  it('splits on newlines, commas and semicolons and trims', () => {
    expect(parseTopics('Billing, Refunds;Shipping\n  Accounts  \r\nSecurity')).toEqual(['Billing', 'Refunds', 'Shipping', 'Accounts', 'Security']);
  });

  it('drops empties and case-insensitive duplicates, keeping the first spelling', () => {
    expect(parseTopics(',, ;\n\nBilling\nbilling; BILLING ,Refunds,')).toEqual(['Billing', 'Refunds']);
    expect(parseTopics('')).toEqual([]);
    expect(parseTopics('  \n ; , ')).toEqual([]);
  });

  it('strips list bullets and collapses inner whitespace', () => {
    expect(parseTopics('- Billing\n* Two  factor   auth\n1. Refunds\n2) Shipping')).toEqual(['Billing', 'Two factor auth', 'Refunds', 'Shipping']);
  });

  it('caps the list at 50 topics', () => {
    const topics = parseTopics(Array.from({ length: 80 }, (_, i) => `topic ${i}`).join('\n'));
    expect(topics).toHaveLength(50);
    expect(topics[0]).toBe('topic 0');
    expect(topics[49]).toBe('topic 49');
  });
});

describe('contentKey', () => {
  it('ignores case, punctuation, emoji, markdown and whitespace', () => {
    expect(contentKey('💡 **Refunds** take FIVE days!!')).toBe(contentKey('refunds   take five\n\ndays'));
  });

  it('is the sorted set of words of at least 4 characters', () => {
    expect(contentKey('The refund is quick, the refund is fair.')).toBe('fair quick refund');
  });

  it('falls back to all words, then to the text, for posts without long words', () => {
    expect(contentKey('Hi all!')).toBe('all hi');
    expect(contentKey('🎉')).not.toBe(contentKey('👍'));
  });
});

describe('isRepeat', () => {
  const post = '💡 **Refunds**\nRefunds are processed within five business days of the request.\n\n_From: Refund policy_';

  it('detects an exact repeat', () => {
    expect(isRepeat(post, ['something else entirely', post])).toBe(true);
  });

  it('detects the same words reordered and re-punctuated', () => {
    const reordered = 'Within five business days of the request, refunds are processed! (From Refund policy) — Refunds';
    expect(isRepeat(reordered, [post])).toBe(true);
  });

  it('detects a near-duplicate sharing at least 80% of its vocabulary', () => {
    const words = 'alpha bravo charlie delta foxtrot golf hotel india juliet kilo';
    expect(isRepeat(`${words} lima`, [words])).toBe(true); // 10/11
    expect(isRepeat(`${words} lima mike oscar`, [words])).toBe(false); // 10/13
  });

  it('does not flag a different post', () => {
    expect(isRepeat('💡 **Shipping**\nWe ship worldwide with tracked couriers.\n\n_From: Shipping_', [post])).toBe(false);
  });

  it('is false with no recent posts', () => {
    expect(isRepeat(post, [])).toBe(false);
  });
});

describe('composeOfflinePost', () => {
  const kb: Record<string, Passage[]> = {
    Refunds: [
      passage({ docId: 'r1', title: 'Refund policy', text: 'Refunds are processed within five business days of the request.' }),
      passage({ docId: 'r2', title: 'Refund exceptions', text: 'Digital downloads cannot be refunded once the licence key has been revealed.' }),
    ],
    Shipping: [
      passage({ docId: 's1', title: 'Shipping', text: 'We ship worldwide with tracked couriers from our warehouse in Lisbon.' }),
      passage({ docId: 's2', title: 'Customs', text: 'Orders outside the European Union may be charged import duties on arrival.' }),
    ],
    Accounts: [passage({ docId: 'a1', title: 'Two-factor authentication', text: 'Enable two-factor authentication under Settings, Security, Authenticator app.' })],
  };
  const passagesForTopic = (topic: string): Passage[] => kb[topic] ?? [];
  const topics = ['Refunds', 'Shipping', 'Accounts'];

  it('posts the best passage of the topic at topicIndex, in the documented format', () => {
    const result = composeOfflinePost({ topics, topicIndex: 1, passagesForTopic, fallbackPassages: [], recent: [] });
    expect(result).toEqual({
      text: '💡 **Shipping**\nWe ship worldwide with tracked couriers from our warehouse in Lisbon.\n\n_From: Shipping_',
      topicIndex: 2,
    });
  });

  it('wraps the topic index around and tolerates a stale or odd index', () => {
    expect(composeOfflinePost({ topics, topicIndex: 2, passagesForTopic, fallbackPassages: [], recent: [] })?.topicIndex).toBe(0);
    expect(composeOfflinePost({ topics, topicIndex: 7, passagesForTopic, fallbackPassages: [], recent: [] })?.text).toContain('**Shipping**');
    expect(composeOfflinePost({ topics, topicIndex: -1, passagesForTopic, fallbackPassages: [], recent: [] })?.text).toContain('**Accounts**');
    expect(composeOfflinePost({ topics, topicIndex: Number.NaN, passagesForTopic, fallbackPassages: [], recent: [] })?.text).toContain('**Refunds**');
  });

  it('tries the next passage of the topic when the best one was posted recently', () => {
    const first = composeOfflinePost({ topics, topicIndex: 0, passagesForTopic, fallbackPassages: [], recent: [] });
    const second = composeOfflinePost({ topics, topicIndex: 0, passagesForTopic, fallbackPassages: [], recent: [first?.text ?? ''] });
    expect(second?.text).toContain('Digital downloads');
    expect(second?.topicIndex).toBe(1);
  });

  it('moves on to the next topic when every passage of this one repeats', () => {
    const recent = (kb.Refunds ?? []).map((p) => `${p.text} (${p.title})`);
    const result = composeOfflinePost({ topics, topicIndex: 0, passagesForTopic, fallbackPassages: [], recent });
    expect(result?.text).toContain('**Shipping**');
    expect(result?.topicIndex).toBe(2);
  });

  it('rotates through unique posts over many calls as the recent list grows, then returns null', () => {
    const recent: string[] = [];
    let topicIndex = 0;
    const seenTopics: string[] = [];
    for (let call = 0; call < 5; call += 1) {
      const result = composeOfflinePost({ topics, topicIndex, passagesForTopic, fallbackPassages: [], recent });
      expect(result).not.toBeNull();
      if (result === null) break;
      expect(isRepeat(result.text, recent)).toBe(false);
      seenTopics.push(/\*\*(.+?)\*\*/.exec(result.text)?.[1] ?? '');
      recent.push(result.text);
      topicIndex = result.topicIndex;
    }
    expect(new Set(recent).size).toBe(5);
    expect(seenTopics.slice(0, 3)).toEqual(['Refunds', 'Shipping', 'Accounts']);
    expect(composeOfflinePost({ topics, topicIndex, passagesForTopic, fallbackPassages: [], recent })).toBeNull();
  });

  it('rotates through the fallback passages with title headings when there are no topics', () => {
    const fallbackPassages = [...(kb.Refunds ?? []), ...(kb.Shipping ?? [])];
    const recent: string[] = [];
    let topicIndex = 0;
    for (let call = 0; call < fallbackPassages.length; call += 1) {
      const result = composeOfflinePost({ topics: [], topicIndex, passagesForTopic, fallbackPassages, recent });
      expect(result?.text.startsWith(`💡 **${fallbackPassages[call]?.title}**\n`)).toBe(true);
      expect(result?.text).not.toContain('_From:');
      recent.push(result?.text ?? '');
      topicIndex = result?.topicIndex ?? -1;
    }
    expect(topicIndex).toBe(0);
    expect(composeOfflinePost({ topics: [], topicIndex, passagesForTopic, fallbackPassages, recent })).toBeNull();
  });

  it('uses a generic heading for an untitled fallback passage', () => {
    const result = composeOfflinePost({ topics: [], topicIndex: 0, passagesForTopic, fallbackPassages: [passage({ title: '  ' })], recent: [] });
    expect(result?.text.startsWith('💡 **Did you know?**\n')).toBe(true);
  });

  it('returns null when there is nothing to post', () => {
    expect(composeOfflinePost({ topics: [], topicIndex: 0, passagesForTopic, fallbackPassages: [], recent: [] })).toBeNull();
    expect(composeOfflinePost({ topics: ['Unknown'], topicIndex: 0, passagesForTopic, fallbackPassages: [passage({})], recent: [] })).toBeNull();
    expect(composeOfflinePost({ topics: [], topicIndex: 0, passagesForTopic, fallbackPassages: [passage({ text: '   ' })], recent: [] })).toBeNull();
  });

  it('returns null when every candidate repeats a recent post', () => {
    // Earlier posts of the same passages, re-laid-out: source first, different markdown and punctuation.
    const recent = Object.entries(kb).flatMap(([topic, passages]) => passages.map((p) => `From ${p.title} - ${topic}: ${p.text.replace(/\.$/, '!')}`));
    expect(composeOfflinePost({ topics, topicIndex: 0, passagesForTopic, fallbackPassages: [], recent })).toBeNull();
    expect(composeOfflinePost({ topics, topicIndex: 0, passagesForTopic, fallbackPassages: [], recent: recent.slice(1) })?.text).toContain('five business days');
  });

  it('neutralises @everyone and @here from the topic, title and passage', () => {
    const result = composeOfflinePost({
      topics: ['@everyone news'],
      topicIndex: 0,
      passagesForTopic: () => [passage({ title: 'Ping @here', text: 'Hey @everyone and @Here, the sale starts today.' })],
      fallbackPassages: [],
      recent: [],
    });
    expect(result).not.toBeNull();
    expect(result?.text).not.toMatch(MASS_MENTION);
    expect(result?.text).toContain('@\u200beveryone news');
    expect(result?.text).toContain('Hey @\u200beveryone and @\u200bHere');
    expect(result?.text).toContain('Ping @\u200bhere');
    expect(neutraliseMassMentions('@everyone @here @someone')).toBe('@\u200beveryone @\u200bhere @someone');
  });

  it('trims a long passage at a sentence end to at most 1200 characters and keeps the post under 2000', () => {
    const sentence = 'This sentence about the loyalty programme is exactly here to fill space. ';
    const long = sentence.repeat(60);
    const result = composeOfflinePost({
      topics: ['x'.repeat(1500)],
      topicIndex: 0,
      passagesForTopic: () => [passage({ title: 'T'.repeat(1500), text: long })],
      fallbackPassages: [],
      recent: [],
    });
    expect(result).not.toBeNull();
    const text = result?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(MAX_POST_CHARS);
    const body = text.split('\n')[1] ?? '';
    expect(body.length).toBeLessThanOrEqual(1200);
    expect(body.endsWith('space.')).toBe(true);
  });

  it('stays within 2000 characters for passages without sentence ends and full of mentions', () => {
    const text = '@everyone '.repeat(400);
    const result = composeOfflinePost({ topics: [], topicIndex: 0, passagesForTopic, fallbackPassages: [passage({ title: '@here '.repeat(100), text })], recent: [] });
    expect(result).not.toBeNull();
    expect(result?.text.length).toBeLessThanOrEqual(MAX_POST_CHARS);
    expect(result?.text).not.toMatch(MASS_MENTION);
  });
});

describe('proactivePrompt', () => {
  const passages = [
    passage({ title: 'Refund policy', text: 'Refunds take five days.' }),
    passage({ docId: 'd2', title: 'Shipping', text: 'We ship worldwide.' }),
  ];
  const recent = ['💡 **Refunds**\nRefunds take five days.', 'A post about shipping.'];

  it('puts the numbered passages inside <knowledge> in the system prompt', () => {
    const { system } = proactivePrompt({ topics: ['Refunds'], passages, recent });
    expect(system).toContain('<knowledge>\n[1] Title: Refund policy\nRefunds take five days.\n\n[2] Title: Shipping\nWe ship worldwide.\n</knowledge>');
  });

  it('asks for one short, fresh, grounded post with no mass mentions', () => {
    const { system } = proactivePrompt({ topics: ['Refunds'], passages, recent });
    expect(system).toContain('900 characters');
    expect(system).toMatch(/only facts from the passages inside <knowledge>/);
    expect(system).toMatch(/Never mention @everyone or @here/);
    expect(system).toContain(PROACTIVE_SKIP);
  });

  it('lists the topics and every recent post it must not repeat', () => {
    const { prompt } = proactivePrompt({ topics: ['Refunds', 'Shipping'], passages, recent });
    expect(prompt).toContain('<topics>\n- Refunds\n- Shipping\n</topics>');
    expect(prompt).toContain('<recent>\n[1] 💡 **Refunds**\nRefunds take five days.\n\n[2] A post about shipping.\n</recent>');
    expect(prompt).toMatch(/repeats none of the recent posts/);
  });

  it('says so when there are no topics, passages or recent posts', () => {
    const { system, prompt } = proactivePrompt({ topics: [], passages: [], recent: [] });
    expect(system).toContain('<knowledge>\n(no passages available)\n</knowledge>');
    expect(prompt).toContain('(no recent posts)');
    expect(prompt).toContain('choose any subject');
  });
});
