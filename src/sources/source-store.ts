// The web sources' rows in the guild's SQLite (tables in src/guild/schema.ts, version 13): sources, the pages
// each one listed, and which documents those pages became. Synchronous: callers group writes without awaits.

import type { SourceKind } from './source-input';

export interface SourceRow {
  id: string;
  url: string;
  kind: SourceKind;
  refreshHours: number;
  createdAt: number;
  syncing: boolean;
  robots: string | null;
  lastSyncAt: number | null;
  lastError: string | null;
  syncNote: string | null;
}

export interface PageRow {
  url: string;
  docId: string | null;
  contentHash: string | null;
  lastError: string | null;
  fetchedAt: number | null;
  queued: boolean;
}

type Sql = Record<string, SqlStorageValue>;

export class SourceStore {
  constructor(private readonly sql: SqlStorage) {}

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM sources').one().n;
  }

  all(): SourceRow[] {
    return this.sql.exec<Sql>('SELECT * FROM sources ORDER BY created_at, id').toArray().map(toSource);
  }

  get(id: string): SourceRow | null {
    const row = this.sql.exec<Sql>('SELECT * FROM sources WHERE id = ?', id).toArray()[0];
    return row ? toSource(row) : null;
  }

  byUrl(url: string): SourceRow | null {
    const row = this.sql.exec<Sql>('SELECT * FROM sources WHERE url = ?', url).toArray()[0];
    return row ? toSource(row) : null;
  }

  insert(source: { id: string; url: string; kind: SourceKind; refreshHours: number; createdAt: number }): void {
    this.sql.exec(
      'INSERT INTO sources (id, url, kind, refresh_hours, created_at) VALUES (?, ?, ?, ?, ?)',
      source.id,
      source.url,
      source.kind,
      source.refreshHours,
      source.createdAt,
    );
  }

  /** The documents a source's pages became (the caller deletes them through the knowledge store). */
  documentsOf(id: string): string[] {
    return this.sql.exec<{ id: string }>('SELECT id FROM documents WHERE source_id = ?', id).toArray().map((row) => row.id);
  }

  /** Removes the source and its pages (its documents are deleted by the caller first). */
  remove(id: string): void {
    this.sql.exec('DELETE FROM source_pages WHERE source_id = ?', id);
    this.sql.exec('DELETE FROM sources WHERE id = ?', id);
  }

  startSync(id: string, robots: string | null, note: string | null): void {
    this.sql.exec('UPDATE sources SET syncing = 1, robots = ?, sync_note = ? WHERE id = ?', robots, note, id);
  }

  finishSync(id: string, at: number, lastError: string | null): void {
    this.sql.exec('UPDATE sources SET syncing = 0, robots = NULL, last_sync_at = ?, last_error = ? WHERE id = ?', at, lastError, id);
  }

  /** A sync that could not start (robots.txt or the sitemap failed): nothing changes but the error. */
  failSync(id: string, at: number, lastError: string): void {
    this.sql.exec('UPDATE sources SET syncing = 0, robots = NULL, last_sync_at = ?, last_error = ? WHERE id = ?', at, lastError, id);
  }

  pages(sourceId: string): PageRow[] {
    return this.sql.exec<Sql>('SELECT * FROM source_pages WHERE source_id = ? ORDER BY url', sourceId).toArray().map(toPage);
  }

  page(sourceId: string, url: string): PageRow | null {
    const row = this.sql.exec<Sql>('SELECT * FROM source_pages WHERE source_id = ? AND url = ?', sourceId, url).toArray()[0];
    return row ? toPage(row) : null;
  }

  queued(sourceId: string, limit: number): PageRow[] {
    return this.sql.exec<Sql>('SELECT * FROM source_pages WHERE source_id = ? AND queued = 1 ORDER BY url LIMIT ?', sourceId, limit).toArray().map(toPage);
  }

  queuedCount(sourceId: string): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM source_pages WHERE source_id = ? AND queued = 1', sourceId).one().n;
  }

  /** Marks the listed pages to be fetched (adding new ones); returns the pages no longer listed. */
  queue(sourceId: string, urls: readonly string[]): PageRow[] {
    const listed = new Set(urls);
    const gone = this.pages(sourceId).filter((page) => !listed.has(page.url));
    for (const url of urls) {
      this.sql.exec(
        'INSERT INTO source_pages (source_id, url, queued) VALUES (?, ?, 1) ON CONFLICT (source_id, url) DO UPDATE SET queued = 1',
        sourceId,
        url,
      );
    }
    return gone;
  }

  deletePage(sourceId: string, url: string): void {
    this.sql.exec('DELETE FROM source_pages WHERE source_id = ? AND url = ?', sourceId, url);
  }

  savePage(sourceId: string, url: string, page: { docId: string | null; contentHash: string | null; lastError: string | null; fetchedAt: number }): void {
    this.sql.exec(
      'UPDATE source_pages SET doc_id = ?, content_hash = ?, last_error = ?, fetched_at = ?, queued = 0 WHERE source_id = ? AND url = ?',
      page.docId,
      page.contentHash,
      page.lastError,
      page.fetchedAt,
      sourceId,
      url,
    );
  }

  documentExists(docId: string): boolean {
    return this.sql.exec('SELECT 1 FROM documents WHERE id = ?', docId).toArray().length > 0;
  }

  /** Records where a document came from (the knowledge store adds it; this says which page it is). */
  setDocumentOrigin(docId: string, url: string, sourceId: string): void {
    this.sql.exec('UPDATE documents SET url = ?, source_id = ? WHERE id = ?', url, sourceId, docId);
  }
}

function toSource(row: Sql): SourceRow {
  return {
    id: String(row.id),
    url: String(row.url),
    kind: row.kind === 'sitemap' ? 'sitemap' : 'page',
    refreshHours: Number(row.refresh_hours),
    createdAt: Number(row.created_at),
    syncing: row.syncing === 1,
    robots: row.robots === null ? null : String(row.robots),
    lastSyncAt: row.last_sync_at === null ? null : Number(row.last_sync_at),
    lastError: row.last_error === null ? null : String(row.last_error),
    syncNote: row.sync_note === null ? null : String(row.sync_note),
  };
}

function toPage(row: Sql): PageRow {
  return {
    url: String(row.url),
    docId: row.doc_id === null ? null : String(row.doc_id),
    contentHash: row.content_hash === null ? null : String(row.content_hash),
    lastError: row.last_error === null ? null : String(row.last_error),
    fetchedAt: row.fetched_at === null ? null : Number(row.fetched_at),
    queued: row.queued === 1,
  };
}
