// Retrieval's decisions (src/retrieval/decide.ts): when a passage is about a question, when a follow-up may use
// the member's earlier question, and how ranked lists are fused.

import { describe, expect, it } from 'vitest';
import { acceptsFollowUpPassage, cosine, followUpKind, fuseByRank, isAbout, previousQuestion, type PassageTerms } from '../../src/retrieval/decide';
import { stemText } from '../../src/retrieval/stem';

function passage(title: string, text: string, lang: Parameters<typeof stemText>[1] = 'en'): PassageTerms {
  return { title, text, stems: stemText(`${title}\n${text}`, lang) };
}

const PLANS = passage('Plans and pricing', 'Pro costs $12 per month. Annual plans: paying yearly saves 20%; Pro is $115 per year.');
const REFUNDS = passage('Refund policy', 'Ask for a refund within 14 days of the payment. Refunds usually arrive within 5 to 10 business days.');
const COUNTRIES = passage('Countries we ship to', 'We ship to the European Union, the United Kingdom, Canada and Australia.');
const VERSAND = passage('Versand und Lieferzeiten', 'Die Produktion dauert 2 bis 4 Werktage. Die Sendungsnummer erhalten Sie per E-Mail, sobald das Paket verlässt.', 'de');

describe('isAbout', () => {
  it('needs the word of a one-word question', () => {
    expect(isAbout('refunds?', REFUNDS)).toBe(true);
    expect(isAbout('bitcoin?', REFUNDS)).toBe(false);
  });

  it('needs two words of a longer question: a question sharing one word with a page is not about it', () => {
    expect(isAbout('Do you ship to Canada?', COUNTRIES)).toBe(true);
    expect(isAbout('What is the capital of Australia?', COUNTRIES)).toBe(false);
  });

  it('needs a third of the words of a long message', () => {
    expect(isAbout('refund payment weather football movies music games cats dogs', REFUNDS)).toBe(false);
    expect(isAbout('refund payment weather', REFUNDS)).toBe(true);
  });

  it('finds inflected forms in the passage language', () => {
    expect(isAbout('Wann erhalte ich die Sendungsnummern meiner Pakete?', VERSAND)).toBe(true);
  });

  it('has nothing to go on for a question of function words only', () => {
    expect(isAbout('what is it?', REFUNDS)).toBe(false);
  });
});

describe('followUpKind', () => {
  it.each([
    ['how long does that take?', 'referring'],
    ['can it be restored later?', 'referring'],
    ['Wie lange dauert das?', 'referring'],
    ['and for annual plans?', 'continuing'],
    ['what about Business?', 'continuing'],
    ['Und für Jahrespläne?', 'continuing'],
    ['How do I reset my password?', 'none'],
    ['where is my tracking number?', 'none'],
    ['is there a mobile app?', 'none'],
    ['how to cancel my order', 'none'],
  ] as const)('"%s" is %s', (question, kind) => {
    expect(followUpKind(question)).toBe(kind);
  });
});

describe('acceptsFollowUpPassage', () => {
  it('takes the earlier question\'s passage for a referring follow-up with few words of its own', () => {
    expect(acceptsFollowUpPassage('referring', 'how long does that take?', 'How do refunds work?', REFUNDS, false)).toBe(true);
  });

  it('refuses a passage that has no word of the earlier question', () => {
    expect(acceptsFollowUpPassage('referring', 'how long does that take?', 'How do refunds work?', COUNTRIES, false)).toBe(false);
  });

  it('refuses a referring question that brings a new subject of its own', () => {
    expect(acceptsFollowUpPassage('referring', 'is it going to rain in Berlin today?', 'How do refunds work?', REFUNDS, false)).toBe(false);
  });

  it('needs every own word of a continuing follow-up in the passage', () => {
    expect(acceptsFollowUpPassage('continuing', 'and for annual plans?', 'How much does Pro cost?', PLANS, false)).toBe(true);
    expect(acceptsFollowUpPassage('continuing', 'and can I pay with Bitcoin?', 'Can I get a refund for my payment?', REFUNDS, false)).toBe(false);
    expect(acceptsFollowUpPassage('continuing', 'what about embroidery?', 'How much does Pro cost?', PLANS, false)).toBe(false);
  });

  it('never uses the earlier question for a question that stands on its own', () => {
    expect(acceptsFollowUpPassage('none', 'how do refunds work?', 'How do refunds work?', REFUNDS, false)).toBe(false);
  });

  it('lets the embeddings vouch for a passage in another language than the earlier question', () => {
    expect(acceptsFollowUpPassage('referring', 'wie lange dauert das?', 'Wie bekomme ich eine Rückerstattung?', REFUNDS, true)).toBe(true);
  });
});

describe('previousQuestion', () => {
  it("is the member's latest question, skipping the bot's turns and messages with nothing to search", () => {
    const history = [
      { role: 'user', content: 'How do refunds work?' },
      { role: 'bot', content: 'Refunds are issued within 14 days.' },
      { role: 'user', content: 'Do you ship to Canada?' },
      { role: 'bot', content: 'We ship to Canada.' },
      { role: 'user', content: 'thanks!' },
    ];
    expect(previousQuestion(history)).toBe('Do you ship to Canada?');
    expect(previousQuestion([{ role: 'user', content: 'ok?' }, { role: 'bot', content: 'Yes.' }])).toBeNull();
    expect(previousQuestion([])).toBeNull();
  });
});

describe('fuseByRank', () => {
  it('puts what both lists rank high first, and keeps what one list alone found', () => {
    const fused = fuseByRank([
      [1, 2, 3],
      [2, 4],
    ]);
    expect(fused.map((entry) => entry.id)).toEqual([2, 1, 4, 3]);
  });

  it('is empty for empty lists', () => {
    expect(fuseByRank([[], []])).toEqual([]);
  });
});

describe('cosine', () => {
  it('is 1 for the same direction, 0 for orthogonal, zero or mismatched vectors', () => {
    expect(cosine(Float32Array.of(1, 2), Float32Array.of(2, 4))).toBeCloseTo(1);
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 1))).toBe(0);
    expect(cosine(Float32Array.of(0, 0), Float32Array.of(1, 1))).toBe(0);
    expect(cosine(Float32Array.of(1), Float32Array.of(1, 1))).toBe(0);
  });
});
