// Sentence-level rules (contract §6): a rule Herald can check by itself is recognised wherever the owner wrote
// it, on its own line or as a sentence inside one; an ambiguous sentence stays a rule for the model.

import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/moderation/checks';
import { parseRules, splitSentences } from '../../src/moderation/rules';

function verdict(rules: string, content: string) {
  return checkMessage(parseRules(rules), { content, mentionCount: 0, mentionsEveryone: false, recentFromUser: [], now: 0 });
}

describe('sentence-level rules', () => {
  it('the issue example: "No crypto scams. Banned words: crypto-scam, free-nitro"', () => {
    const rules = parseRules('No crypto scams. Banned words: crypto-scam, free-nitro');
    expect(rules.bannedTerms.map((b) => b.term)).toEqual(['crypto-scam', 'free-nitro']);
    expect(rules.bannedTerms[0]!.line).toBe('Banned words: crypto-scam, free-nitro');
    expect(rules.freeText).toEqual(['No crypto scams.']);
    expect(verdict('No crypto scams. Banned words: crypto-scam, free-nitro', 'get your FREE-NITRO here')).toMatchObject({
      action: 'delete',
      kind: 'banned-term',
      rule: 'Banned words: crypto-scam, free-nitro',
    });
  });

  // A table of real-looking owner texts: what is checked offline, and what is left to the model.
  it.each<[string, { terms?: string[]; invites?: string; links?: string; flood?: string; mentions?: string; escalation?: string[]; freeText: string[] }]>([
    [
      'Be kind to each other! No invites. No links.',
      { invites: 'No invites.', links: 'No links.', freeText: ['Be kind to each other!'] },
    ],
    [
      '1. Keep it civil; no spam; banned words: idiot, moron => warn',
      { terms: ['idiot', 'moron'], flood: 'no spam;', freeText: ['Keep it civil;'] },
    ],
    [
      '- English only please. Banned phrases: "dm me for", "click this link". Max mentions: 4.',
      { terms: ['dm me for', 'click this link'], mentions: 'Max mentions: 4.', freeText: ['English only please.'] },
    ],
    [
      'We love memes. Escalate: warn, timeout, ban. No mass mentions!',
      { escalation: ['warn', 'timeout', 'ban'], mentions: 'No mass mentions!', freeText: ['We love memes.'] },
    ],
    [
      'No links. Allowed links: docs.acme.com, github.com.',
      { links: 'No links.', freeText: [] },
    ],
    [
      'Flood: 3 in 5s => kick. Stay on topic in #help.',
      { flood: 'Flood: 3 in 5s => kick.', freeText: ['Stay on topic in #help.'] },
    ],
    // Ambiguous sentences stay for the model: they look like rules but say more than Herald can check.
    ['No invites unless a mod said yes. Be nice.', { freeText: ['No invites unless a mod said yes. Be nice.'] }],
    ['Please do not spam the chat or advertise your server.', { freeText: ['Please do not spam the chat or advertise your server.'] }],
    ['No links to other servers. Respect the staff.', { freeText: ['No links to other servers. Respect the staff.'] }],
    // A quoted phrase may hold a full stop; a domain's dots never cut a sentence.
    ['banned phrases: "stop. now", scam.io', { terms: ['stop. now', 'scam.io'], freeText: [] }],
  ])('%j', (text, expected) => {
    const rules = parseRules(text);
    expect(rules.bannedTerms.map((b) => b.term)).toEqual(expected.terms ?? []);
    expect(rules.noInvites?.line ?? null).toBe(expected.invites ?? null);
    expect(rules.noLinks?.line ?? null).toBe(expected.links ?? null);
    expect(rules.flood?.line ?? null).toBe(expected.flood ?? null);
    expect(rules.mentions?.line ?? null).toBe(expected.mentions ?? null);
    expect(rules.escalation).toEqual(expected.escalation ?? []);
    expect(rules.freeText).toEqual(expected.freeText);
  });

  it('a sentence keeps its own "=> action", even before a full stop', () => {
    const rules = parseRules('Be nice. Banned words: scam => ban. No invites => timeout.');
    expect(rules.bannedTerms).toEqual([{ term: 'scam', action: 'ban', line: 'Banned words: scam => ban.' }]);
    expect(rules.noInvites).toEqual({ action: 'timeout', line: 'No invites => timeout.' });
  });

  it('the same disguise-tolerant matching applies to a term found in a sentence', () => {
    const text = 'Crypto talk is fine. Banned words: free nitro';
    expect(verdict(text, 'f.r.e.e n1tro for all')?.quote).toBe('f.r.e.e n1tro');
    expect(verdict(text, 'freeeenitro!!')).not.toBeNull();
    expect(verdict(text, 'free nitrogen')).toBeNull();
  });

  it('splits sentences on . ! ? ; followed by a space, outside quotes', () => {
    expect(splitSentences('A. B! C? D; E')).toEqual(['A.', 'B!', 'C?', 'D;', 'E']);
    expect(splitSentences('see docs.acme.com, v4.5 "x. y" z')).toEqual(['see docs.acme.com, v4.5 "x. y" z']);
    expect(splitSentences('')).toEqual([]);
  });
});
