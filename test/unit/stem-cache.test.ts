// The stem cache (src/retrieval/stem.ts) gives the same stems as stemming afresh and stays within its bound.

import { describe, expect, it } from 'vitest';
import { STEM_CACHE_LIMIT, stemCacheSize, stemWord } from '../../src/retrieval/stem';

describe('stem cache', () => {
  it('returns the same stem the second time, per language', () => {
    expect(stemWord('Rechnungen', 'de')).toBe(stemWord('Rechnungen', 'de'));
    expect(stemWord('refunds', 'en')).toBe('refund');
    expect(stemWord('refunds', 'en')).toBe('refund');
    // The same word in another language is its own entry.
    expect(stemWord('zwrotów', 'pl')).not.toBe(stemWord('zwrotów', 'en'));
  });

  it('never holds more than STEM_CACHE_LIMIT words', () => {
    for (let i = 0; i <= STEM_CACHE_LIMIT + 10; i++) stemWord(`word${String.fromCharCode(97 + (i % 26))}${i.toString(36)}x`, 'en');
    expect(stemCacheSize()).toBeLessThanOrEqual(STEM_CACHE_LIMIT);
    expect(stemCacheSize()).toBeGreaterThan(0);
  });
});
