// Every function that runs regexes over admin or member text finishes in linear time on adversarial input.
// The inputs are large enough (up to 500,000 characters) that a quadratic version needs minutes and
// fails on the 20 s test timeout, while the linear code takes milliseconds; no wall-clock assertion.

import { describe, expect, it } from 'vitest';
import { composeOfflineAnswer, looksLikeQuestionOrRequest, wantsHuman } from '../../src/answer/offline-answer';
import { channelTranscript } from '../../src/answer/prompt';
import { splitMessage } from '../../src/discord/split-message';
import { stripBotMention } from '../../src/guild/decide-reply';
import { chunkDocument, MAX_DOCUMENT_CHARS } from '../../src/knowledge/chunk';
import { toFtsQuery } from '../../src/knowledge/fts-query';
import { checkMessage, findTerm, normaliseForFlood } from '../../src/moderation/checks';
import { verifyJudgement } from '../../src/moderation/judge-verify';
import { domainOf, parseRules } from '../../src/moderation/rules';
import { contentKey, neutraliseMassMentions, parseTopics } from '../../src/proactive/compose';
import { excerptOf } from '../../src/text/excerpt';

const BIG = 500_000;
// Banned-term matching folds every character (accents, look-alikes): linear but slower per character, and a
// member's message is at most 4,000 characters, so 50,000 is already far past anything Discord delivers.
const MEMBER_TEXT = 50_000;

/** Runs of one unit between a word before and a word after: the shapes that make backtracking regexes quadratic. */
const UNITS = [' ', '\t', '\n', ' \n', '"', "'", ')', ']', '.', '!', '?', ';', ',', ':', '*', '_', '-', '#', '`', '=>', '=> ', '. ', '." ', '.\n', 'a.', 'a.b', ':1', '<@', 'www.', 'http://', '/'];
const SHAPES = UNITS.flatMap((unit) => [
  { name: `a + ${JSON.stringify(unit)}… + x`, make: (size: number) => `a${unit.repeat(Math.ceil(size / unit.length))}x` },
  { name: `link + ${JSON.stringify(unit)}… + space`, make: (size: number) => `http://a.com/${unit.repeat(Math.ceil(size / unit.length))} x` },
]);

const ALL_RULES = parseRules(
  ['Banned words: free nitro, scam', 'No invites', 'No links', 'Allowed links: github.com', 'No mass mentions', 'Max mentions: 5', 'Flood: 3 messages in 10s'].join('\n'),
);
const LINK_RULES = parseRules('No links\nNo invites\nNo mass mentions\nFlood: 3 messages in 10s');

const TARGETS: Array<{ name: string; size: number; run: (text: string) => unknown }> = [
  { name: 'chunkDocument', size: BIG, run: (text) => chunkDocument(text) },
  { name: 'chunkDocument (small passages)', size: MAX_DOCUMENT_CHARS, run: (text) => chunkDocument(text, { targetChars: 60, maxChars: 80 }) },
  { name: 'toFtsQuery', size: BIG, run: (text) => toFtsQuery(text) },
  { name: 'parseRules (one line)', size: BIG, run: (text) => parseRules(`Flood: 3${text}`) },
  { name: 'parseRules (action suffix)', size: BIG, run: (text) => parseRules(`No links ${text} => ban`) },
  { name: 'parseRules (lists)', size: BIG, run: (text) => parseRules(`Banned words: ${text}\nAllowed links: ${text}`) },
  { name: 'domainOf', size: BIG, run: (text) => domainOf(text) },
  { name: 'checkMessage (links, invites, mentions, flood)', size: BIG, run: (text) => checkLinks(text) },
  { name: 'checkMessage (every rule)', size: MEMBER_TEXT, run: (text) => checkAll(text) },
  { name: 'findTerm', size: MEMBER_TEXT, run: (text) => findTerm(text, 'free nitro') },
  { name: 'normaliseForFlood', size: BIG, run: (text) => normaliseForFlood(text) },
  { name: 'verifyJudgement', size: MEMBER_TEXT, run: (text) => verifyJudgement(judgeAnswer(text.slice(1, -1)), 'No spam', text) },
  { name: 'splitMessage', size: BIG, run: (text) => splitMessage(text) },
  { name: 'excerptOf', size: BIG, run: (text) => excerptOf(text, text.length - 1, 10) },
  { name: 'composeOfflineAnswer', size: BIG, run: (text) => composeOfflineAnswer(text, [{ docId: 'd', title: text.slice(0, 200), text, score: -1 }]) },
  { name: 'looksLikeQuestionOrRequest', size: BIG, run: (text) => looksLikeQuestionOrRequest(text) },
  { name: 'wantsHuman', size: BIG, run: (text) => wantsHuman(text) },
  { name: 'parseTopics', size: BIG, run: (text) => parseTopics(text) },
  { name: 'contentKey', size: BIG, run: (text) => contentKey(text) },
  { name: 'neutraliseMassMentions', size: BIG, run: (text) => neutraliseMassMentions(text) },
  { name: 'stripBotMention', size: BIG, run: (text) => stripBotMention(text, '123456789012345678') },
  { name: 'channelTranscript', size: BIG, run: (text) => channelTranscript([{ messageId: null, authorName: text, isBot: false, content: text, at: 0 }]) },
];

function checkLinks(content: string): unknown {
  return checkMessage(LINK_RULES, { content, mentionCount: 0, mentionsEveryone: false, recentFromUser: [{ content, at: 0 }], now: 0 });
}

function checkAll(content: string): unknown {
  return checkMessage(ALL_RULES, { content, mentionCount: 0, mentionsEveryone: false, recentFromUser: [{ content, at: 0 }], now: 0 });
}

function judgeAnswer(messageQuote: string) {
  return { action: 'delete', reason: 'spam', confidence: 0.9, rule: 'No spam', ruleQuote: 'No spam', messageQuote } as const;
}

describe('text handling is linear on adversarial input', () => {
  it.each(TARGETS)('$name', ({ size, run }) => {
    for (const shape of SHAPES) {
      expect(() => run(shape.make(size)), shape.name).not.toThrow();
    }
  });

  it('chunks a 200,000-character document of every shape into bounded passages', () => {
    for (const shape of SHAPES) {
      const passages = chunkDocument(shape.make(MAX_DOCUMENT_CHARS - 20));
      expect(passages.every((passage) => passage.length <= 1200), shape.name).toBe(true);
    }
  });
});
