// Retrieval's memos (issue 15: the relevance check allocated ~7 KB per answer, recomputing the same question
// words for every candidate passage): stemVariants, subjectTerms and passageHasTerm remember their answers, which
// must be the same answers, frozen so that no caller can change what the next one gets.

import { describe, expect, it } from 'vitest';
import { isAbout, passageHasTerm, subjectTerms } from '../../src/retrieval/decide';
import { stemText, stemVariants } from '../../src/retrieval/stem';

const passage = (title: string, text: string) => ({ title, text, stems: stemText(`${title}\n${text}`) });

describe('retrieval memos', () => {
  it('answer the same the second time, for the same passage and for an equal one', () => {
    const refunds = passage('Refunds', 'Refunds reach your card within 5 business days of the payment being reversed.');
    const twin = passage('Refunds', 'Refunds reach your card within 5 business days of the payment being reversed.');
    for (const term of ['refund', 'refunds', 'card', 'payments', 'pay', 'invoice', 'shipping']) {
      const first = passageHasTerm(term, refunds);
      expect(passageHasTerm(term, refunds)).toBe(first);
      expect(passageHasTerm(term, twin)).toBe(first);
    }
    expect(passageHasTerm('pay', refunds)).toBe(true);
    expect(passageHasTerm('shipping', refunds)).toBe(false);
    const question = 'how long does a refund take to reach my card?';
    expect(isAbout(question, refunds)).toBe(true);
    expect(isAbout(question, refunds)).toBe(true);
    expect(isAbout('where do you ship?', refunds)).toBe(false);
  });

  it('never lends one passage\'s answers to another that has the same stems but other words', () => {
    const first = { title: 'Billing', text: 'payment methods', stems: 'bill' };
    const second = { title: 'Billing', text: 'shipping zones', stems: 'bill' };
    expect(passageHasTerm('payment', first)).toBe(true);
    expect(passageHasTerm('payment', second)).toBe(false);
    expect(passageHasTerm('shipping', second)).toBe(true);
    expect(passageHasTerm('shipping', first)).toBe(false);
  });

  it('hand out frozen answers, so a caller cannot change the next one', () => {
    const variants = stemVariants('refunds');
    expect(stemVariants('refunds')).toEqual(variants);
    expect(Object.isFrozen(variants)).toBe(true);
    const terms = subjectTerms('how do refunds work?');
    expect(terms).toEqual(['refunds']);
    expect(Object.isFrozen(terms)).toBe(true);
    expect(subjectTerms('how do invoices work?')).toEqual(['invoices']);
    expect(subjectTerms('how do refunds work?')).toEqual(['refunds']);
  });
});
