// How an answer cites a document: its title, and for a page imported from the web a Discord masked link
// "[Title](<url>)" (the angle brackets stop Discord from unfurling an embed under every answer).

import { webUrl } from './source-input';

export interface Citable {
  title: string;
  url?: string;
}

/** Longer page addresses are not linked (the title alone is cited): the citation line stays well inside one message. */
export const MAX_CITED_URL_CHARS = 500;

/** "Title", or "[Title](<url>)" when the document came from a web page. */
export function citation(title: string, url: string | undefined): string {
  const safe = url === undefined ? null : webUrl(url);
  if (!safe || safe.href.length > MAX_CITED_URL_CHARS) return title;
  // Brackets would end the link text early; line breaks would break the link.
  const text = title.replaceAll('[', '(').replaceAll(']', ')').replace(/\s+/g, ' ').trim() || safe.host;
  // The URL parser percent-encodes spaces and angle brackets, so the href cannot close the <…> early.
  return `[${text}](<${safe.href}>)`;
}

/**
 * A model's answer with links to the web pages it used: the documents whose titles it names and that have a
 * URL. Its own "Source:" line is replaced by one with the links; without one, the line is added. An answer
 * that names no page with a URL is returned unchanged.
 */
export function linkSources(answer: string, passages: readonly Citable[]): string {
  const cited = new Map<string, string | undefined>();
  for (const passage of passages) {
    if (passage.title && answer.includes(passage.title) && !cited.has(passage.title)) cited.set(passage.title, passage.url);
    else if (passage.url && cited.has(passage.title) && cited.get(passage.title) === undefined) cited.set(passage.title, passage.url);
  }
  const linked = [...cited].filter(([, url]) => url !== undefined && !answer.includes(url));
  if (linked.length === 0) return answer;
  const line = `Source: ${[...cited].map(([title, url]) => citation(title, url)).join(', ')}`;
  const lines = answer.split('\n');
  const sourceLine = lines.findLastIndex((text) => /^\s*\**sources?\**\s*:/i.test(text));
  if (sourceLine >= 0) {
    lines[sourceLine] = line;
    return lines.join('\n');
  }
  return `${answer.trimEnd()}\n\n${line}`;
}
