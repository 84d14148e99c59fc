// Pure decisions of a source sync (unit-tested): which listed URLs are imported, what the status says.

import { MAX_LISTED_PAGE_ERRORS } from './limits';
import type { PageRow, SourceRow } from './source-store';
import { webUrl, type SourceKind } from './source-input';

export interface PagePlan {
  urls: string[];
  /** Human-readable remarks (URLs skipped, a list cut short); shown in the source's status. */
  notes: string[];
}

/**
 * The pages a sitemap's entries stand for: http(s) URLs on the sitemap's own origin (as the sitemap protocol
 * requires), fragments dropped, duplicates removed, at most `max`.
 */
export function planPages(sitemapUrl: string, entries: readonly string[], max: number, listedMore = false): PagePlan {
  const origin = new URL(sitemapUrl).origin;
  const urls: string[] = [];
  const seen = new Set<string>();
  let foreign = 0;
  let invalid = 0;
  let over = listedMore;
  for (const entry of entries) {
    const url = webUrl(entry);
    if (!url) {
      invalid++;
      continue;
    }
    if (url.origin !== origin) {
      foreign++;
      continue;
    }
    if (seen.has(url.href)) continue;
    if (urls.length >= max) {
      over = true;
      continue;
    }
    seen.add(url.href);
    urls.push(url.href);
  }
  const notes: string[] = [];
  if (over) notes.push(`the sitemap lists more than ${max} pages; only the first ${max} are imported`);
  if (foreign > 0) notes.push(`${foreign} URL${foreign === 1 ? '' : 's'} on another site skipped`);
  if (invalid > 0) notes.push(`${invalid} entr${invalid === 1 ? 'y' : 'ies'} skipped: not an http(s) URL`);
  return { urls, notes };
}

export type SourceStatus = 'pending' | 'syncing' | 'ok' | 'partial' | 'error';

export interface SourceView {
  id: string;
  url: string;
  kind: SourceKind;
  refreshHours: number;
  createdAt: string;
  status: SourceStatus;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  /** Pages imported as documents. */
  pages: number;
  /** Pages listed by the source (imported, failed or waiting). */
  listed: number;
  /** Pages still to fetch in the sync under way. */
  queued: number;
  lastError: string | null;
  pageErrorCount: number;
  pageErrors: { url: string; error: string }[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function sourceView(source: SourceRow, pages: readonly PageRow[], nextSyncAt: number | null): SourceView {
  const failed = pages.filter((page) => page.lastError !== null);
  const imported = pages.filter((page) => page.docId !== null).length;
  const queued = pages.filter((page) => page.queued).length;
  let status: SourceStatus;
  if (source.syncing) status = 'syncing';
  else if (source.lastSyncAt === null) status = 'pending';
  else if (source.lastError === null) status = 'ok';
  else status = imported > 0 ? 'partial' : 'error';
  return {
    id: source.id,
    url: source.url,
    kind: source.kind,
    refreshHours: source.refreshHours,
    createdAt: new Date(source.createdAt).toISOString(),
    status,
    lastSyncAt: iso(source.lastSyncAt),
    nextSyncAt: source.syncing ? null : iso(nextSyncAt),
    pages: imported,
    listed: pages.length,
    queued,
    lastError: source.lastError,
    pageErrorCount: failed.length,
    pageErrors: failed.slice(0, MAX_LISTED_PAGE_ERRORS).map((page) => ({ url: page.url, error: page.lastError! })),
  };
}

/** The source's lastError after a sync: remarks of the listing, then how many pages failed (and the first error). */
export function syncSummary(pages: readonly PageRow[], note: string | null): string | null {
  const failed = pages.filter((page) => page.lastError !== null);
  const parts: string[] = [];
  if (note) parts.push(note);
  if (failed.length === 1 && pages.length === 1) parts.push(failed[0]!.lastError!);
  else if (failed.length > 0) parts.push(`${failed.length} of ${pages.length} pages failed (first: ${failed[0]!.url}: ${failed[0]!.lastError})`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Text cut to at most `max` characters, at the last paragraph (else line, else word) break before it. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  for (const separator of ['\n\n', '\n', ' ']) {
    const cut = head.lastIndexOf(separator);
    if (cut > max / 2) return head.slice(0, cut).trimEnd();
  }
  return head;
}
