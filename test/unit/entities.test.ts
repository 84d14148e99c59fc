// Character references decoded in one pass; unknown or malformed ones are left as written.

import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/sources/entities';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27; &euro;5 &#128512;')).toBe('a & b <c> "d" \'e\' €5 😀');
  });

  it('leaves unknown, unterminated and invalid references alone', () => {
    expect(decodeEntities('&bogus; & alone &amp &#xZZ; &#0;')).toBe('&bogus; & alone &amp &#xZZ; \ufffd');
  });

  // A quadratic scan takes minutes on this and fails on the timeout; a linear one takes milliseconds.
  it('is linear on a long run of ampersands', { timeout: 20_000 }, () => {
    // indexOf is fast enough that a quadratic scan needs millions of "&" to show: the old one took a minute here.
    expect(decodeEntities('&'.repeat(2_000_000)).length).toBe(2_000_000);
  });
});
