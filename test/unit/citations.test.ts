// Citations: a web page's title as a Discord masked link in <…> (no embed), typed documents by title only.

import { describe, expect, it } from 'vitest';
import { composeOfflineAnswer } from '../../src/answer/offline-answer';
import { citation, linkSources, MAX_CITED_URL_CHARS } from '../../src/sources/citations';

describe('citation', () => {
  it('links a page and leaves a typed document as its title', () => {
    expect(citation('Refunds', 'https://example.com/refunds')).toBe('[Refunds](<https://example.com/refunds>)');
    expect(citation('Refunds', undefined)).toBe('Refunds');
  });

  it('cannot be broken out of by the title or the URL', () => {
    expect(citation('A [b](x)\nc', 'https://example.com/a>b c')).toBe('[A (b)(x) c](<https://example.com/a%3Eb%20c>)');
    expect(citation('Evil', 'javascript:alert(1)')).toBe('Evil');
    expect(citation('Long', `https://example.com/${'a'.repeat(MAX_CITED_URL_CHARS)}`)).toBe('Long');
  });
});

describe('linkSources', () => {
  const passages = [
    { title: 'Refunds', url: 'https://example.com/refunds' },
    { title: 'Typed doc' },
  ];

  it("replaces the model's Source line with linked titles", () => {
    expect(linkSources('Refunds take 14 days.\n\nSource: Refunds', passages)).toBe('Refunds take 14 days.\n\nSource: [Refunds](<https://example.com/refunds>)');
  });

  it('adds the line when the answer names a page without one', () => {
    expect(linkSources('According to "Refunds": 14 days.', passages)).toBe('According to "Refunds": 14 days.\n\nSource: [Refunds](<https://example.com/refunds>)');
  });

  it('leaves answers that cite no web page alone', () => {
    expect(linkSources('From "Typed doc": yes.\nSource: Typed doc', passages)).toBe('From "Typed doc": yes.\nSource: Typed doc');
    expect(linkSources('Refunds: see [Refunds](<https://example.com/refunds>)', passages)).toBe('Refunds: see [Refunds](<https://example.com/refunds>)');
  });
});

describe('offline answers', () => {
  it('cite the page a passage came from', () => {
    const answer = composeOfflineAnswer('how long do refunds take', [{ docId: 'd', title: 'Refunds', text: 'Refunds take 14 days.', score: -1, url: 'https://example.com/refunds' }]);
    expect(answer.text).toBe('Refunds take 14 days.\n\nSource: [Refunds](<https://example.com/refunds>)');
  });
});
