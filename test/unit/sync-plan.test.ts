// Pure decisions of a sync: which sitemap entries become pages, and what the source's status says.

import { describe, expect, it } from 'vitest';
import { clipText, planPages, sourceView, syncSummary } from '../../src/sources/sync-plan';
import type { PageRow, SourceRow } from '../../src/sources/source-store';

const source: SourceRow = {
  id: 's1',
  url: 'https://example.com/sitemap.xml',
  kind: 'sitemap',
  refreshHours: 24,
  createdAt: 0,
  syncing: false,
  robots: null,
  lastSyncAt: 1_000,
  lastError: null,
  syncNote: null,
};
const page = (url: string, extra: Partial<PageRow> = {}): PageRow => ({ url, docId: 'd', contentHash: 'h', lastError: null, fetchedAt: 1, queued: false, ...extra });

describe('planPages', () => {
  it("keeps the sitemap's own site's http(s) pages, without fragments or duplicates, up to the cap", () => {
    const plan = planPages('https://example.com/sitemap.xml', ['https://example.com/a#x', 'https://example.com/a', 'https://other.com/b', 'ftp://example.com/c', 'https://example.com/d', 'https://example.com/e'], 2);
    expect(plan.urls).toEqual(['https://example.com/a', 'https://example.com/d']);
    expect(plan.notes).toEqual([
      'the sitemap lists more than 2 pages; only the first 2 are imported',
      '1 URL on another site skipped',
      '1 entry skipped: not an http(s) URL',
    ]);
  });
});

describe('sourceView', () => {
  it('is pending before the first sync and syncing while one runs', () => {
    expect(sourceView({ ...source, lastSyncAt: null }, [], null).status).toBe('pending');
    expect(sourceView({ ...source, syncing: true }, [page('u', { queued: true })], 5).status).toBe('syncing');
  });

  it('is ok, partial or error by what was imported', () => {
    expect(sourceView(source, [page('a')], 5_000)).toMatchObject({ status: 'ok', pages: 1, nextSyncAt: new Date(5_000).toISOString() });
    const mixed = [page('a'), page('b', { docId: null, lastError: 'HTTP 404' })];
    expect(sourceView({ ...source, lastError: syncSummary(mixed, null) }, mixed, null)).toMatchObject({ status: 'partial', pages: 1, pageErrorCount: 1, pageErrors: [{ url: 'b', error: 'HTTP 404' }] });
    expect(sourceView({ ...source, lastError: 'x' }, [], null).status).toBe('error');
  });
});

describe('syncSummary', () => {
  it('says nothing when all went well, the error of a single page, or how many failed', () => {
    expect(syncSummary([page('a')], null)).toBeNull();
    expect(syncSummary([page('a', { lastError: 'HTTP 404 Not Found' })], null)).toBe('HTTP 404 Not Found');
    expect(syncSummary([page('a'), page('b', { lastError: 'HTTP 500' })], 'note')).toBe('note; 1 of 2 pages failed (first: b: HTTP 500)');
  });
});

describe('clipText', () => {
  it('cuts at a paragraph break before the limit', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('para one here\n\npara two is long', 20)).toBe('para one here');
  });
});
