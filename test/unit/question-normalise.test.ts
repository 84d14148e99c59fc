import { describe, expect, it } from 'vitest';
import { MAX_NORMALISED_CHARS, normaliseQuestion } from '../../src/feedback/normalise';

describe('normaliseQuestion', () => {
  it('groups wordings of one question: case, punctuation, whitespace and filler words folded', () => {
    const key = normaliseQuestion('How do I reset my password?');
    expect(key).toBe('reset password');
    for (const variant of ['how do i reset my password', '  RESET   my password!!', 'Hi, how can I reset my password, please?']) {
      expect(normaliseQuestion(variant)).toBe(key);
    }
  });

  it('folds accents and drops mentions, and keeps other languages', () => {
    expect(normaliseQuestion('<@123456789012345678> Où est la façade?')).toBe('ou est la facade');
    expect(normaliseQuestion('Jak zmienić hasło?')).toBe('jak zmienic haslo');
  });

  it('keeps filler words when nothing else is left, and bounds the key', () => {
    expect(normaliseQuestion('How do I?')).toBe('how do i');
    expect(normaliseQuestion('x'.repeat(1_000))).toHaveLength(MAX_NORMALISED_CHARS);
  });
});
