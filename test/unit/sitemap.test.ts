// Sitemaps: <urlset> entries, <sitemapindex> children, text sitemaps, entities and CDATA, truncated input.

import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../../src/sources/sitemap';

describe('parseSitemap', () => {
  it('lists the <loc> of a urlset in order, without duplicates', () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://example.com/a </loc><lastmod>2026-01-01</lastmod></url>
      <url><loc>https://example.com/b?x=1&amp;y=2</loc></url>
      <url><loc><![CDATA[https://example.com/c]]></loc></url>
      <url><loc>https://example.com/a</loc></url>
      <url><location>https://example.com/not-a-loc</location></url>
    </urlset>`;
    expect(parseSitemap(xml, 100)).toEqual({ kind: 'urlset', urls: ['https://example.com/a', 'https://example.com/b?x=1&y=2', 'https://example.com/c'] });
  });

  it('recognises a sitemap index', () => {
    const xml = '<sitemapindex><sitemap><loc>https://example.com/s1.xml</loc></sitemap><sitemap><loc>https://example.com/s2.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemap(xml, 100)).toEqual({ kind: 'index', urls: ['https://example.com/s1.xml', 'https://example.com/s2.xml'] });
  });

  it('reads a text sitemap, one URL per line', () => {
    expect(parseSitemap('https://example.com/a\r\n\nhttps://example.com/b\n', 100).urls).toEqual(['https://example.com/a', 'https://example.com/b']);
  });

  it('stops at maxUrls and ignores an entry cut off at the end', () => {
    const xml = `<urlset>${Array.from({ length: 10 }, (_, i) => `<url><loc>https://example.com/${i}</loc></url>`).join('')}<url><loc>https://example.com/cut`;
    expect(parseSitemap(xml, 3).urls).toEqual(['https://example.com/0', 'https://example.com/1', 'https://example.com/2']);
    expect(parseSitemap(xml, 100).urls).toHaveLength(10);
  });

  // A quadratic scan fails on the timeout here.
  it('is linear on hostile input', { timeout: 20_000 }, () => {
    expect(parseSitemap(`<urlset>${'<loc'.repeat(500_000)}`, 1_000).urls).toEqual([]);
    expect(parseSitemap(`<urlset>${'<locx>'.repeat(500_000)}`, 1_000).urls).toEqual([]);
    expect(parseSitemap(`<urlset>${'<loc>&amp'.repeat(200_000)}`, 1_000).urls).toEqual([]);
  });
});
