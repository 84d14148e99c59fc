// What POST .../knowledge/sources accepts: an absolute http(s) URL, a kind, whole refresh hours in range.

import { describe, expect, it } from 'vitest';
import { DEFAULT_REFRESH_HOURS, MAX_REFRESH_HOURS, MAX_URL_CHARS } from '../../src/sources/limits';
import { parseSourceInput, webUrl } from '../../src/sources/source-input';

describe('parseSourceInput', () => {
  it('accepts a page or a sitemap, with the default refresh', () => {
    expect(parseSourceInput({ url: ' https://Example.com/docs#intro ', kind: 'page' })).toEqual({
      ok: true,
      value: { url: 'https://example.com/docs', kind: 'page', refreshHours: DEFAULT_REFRESH_HOURS },
    });
    expect(parseSourceInput({ url: 'http://example.com/sitemap.xml', kind: 'sitemap', refreshHours: MAX_REFRESH_HOURS })).toMatchObject({ ok: true, value: { refreshHours: MAX_REFRESH_HOURS } });
  });

  it('names the field that is wrong', () => {
    expect(parseSourceInput(null)).toMatchObject({ ok: false, field: 'body' });
    expect(parseSourceInput({ kind: 'page' })).toMatchObject({ ok: false, field: 'url' });
    expect(parseSourceInput({ url: 'mailto:a@b.c', kind: 'page' })).toMatchObject({ ok: false, field: 'url' });
    expect(parseSourceInput({ url: `https://example.com/${'a'.repeat(MAX_URL_CHARS)}`, kind: 'page' })).toMatchObject({ ok: false, field: 'url' });
    expect(parseSourceInput({ url: 'https://example.com/', kind: 'feed' })).toMatchObject({ ok: false, field: 'kind' });
    expect(parseSourceInput({ url: 'https://example.com/', kind: 'page', refreshHours: 0 })).toMatchObject({ ok: false, field: 'refreshHours' });
  });
});

describe('webUrl', () => {
  it('resolves relative redirects and refuses other schemes and credentials', () => {
    expect(webUrl('/next', 'https://example.com/a/b')?.href).toBe('https://example.com/next');
    expect(webUrl('ftp://example.com/')).toBeNull();
    expect(webUrl('data:text/html,hi')).toBeNull();
    expect(webUrl('https://u:p@example.com/')).toBeNull();
    expect(webUrl('https://example.com/a b<c>')?.href).toBe('https://example.com/a%20b%3Cc%3E');
  });
});
