// Sitemaps (sitemaps.org) as a pure function: the page URLs of a <urlset>, the child sitemaps of a
// <sitemapindex>, or a plain-text sitemap's one URL per line. A linear scan with indexOf, no XML parser and no
// regex over the body: the file comes from someone else's server. Truncated input yields its complete entries.

import { decodeEntities } from './entities';

export interface ParsedSitemap {
  kind: 'urlset' | 'index';
  /** Absolute URLs in document order, duplicates removed (not yet checked for scheme or origin). */
  urls: string[];
}

export function parseSitemap(text: string, maxUrls: number): ParsedSitemap {
  const kind = text.includes('<sitemapindex') ? 'index' : 'urlset';
  const seen = new Set<string>();
  const urls: string[] = [];
  const add = (raw: string): void => {
    const url = decodeEntities(stripCdata(raw.trim())).trim();
    if (url === '' || seen.has(url) || urls.length >= maxUrls) return;
    seen.add(url);
    urls.push(url);
  };
  if (!text.includes('<')) {
    // A text sitemap: one URL per line.
    for (const line of text.split('\n')) add(line);
    return { kind: 'urlset', urls };
  }
  let position = 0;
  while (urls.length < maxUrls) {
    const open = text.indexOf('<loc', position);
    if (open < 0) break;
    const openEnd = text.indexOf('>', open);
    if (openEnd < 0) break;
    // <loc> or <loc attr="…">, not <location>.
    const after = text[open + 4];
    if (after !== '>' && after !== ' ' && after !== '\t' && after !== '\n' && after !== '\r') {
      position = openEnd + 1;
      continue;
    }
    const close = text.indexOf('</loc>', openEnd + 1);
    if (close < 0) break;
    add(text.slice(openEnd + 1, close));
    position = close + 6;
  }
  return { kind, urls };
}

function stripCdata(text: string): string {
  return text.startsWith('<![CDATA[') && text.endsWith(']]>') ? text.slice(9, -3) : text;
}
