// The guild's knowledge base in its SQLite: documents, split into passages and indexed with FTS5.

import { chunkDocument } from '../knowledge/chunk';
import { toFtsQuery } from '../knowledge/fts-query';
import type { Passage } from '../answer/offline-answer';

export interface DocumentSummary {
  id: string;
  title: string;
  chars: number;
  passages: number;
  createdAt: string;
  /** The page a web source imported it from; null for typed and uploaded documents. */
  url: string | null;
  sourceId: string | null;
}

interface DocumentRow {
  id: string;
  title: string;
  chars: number;
  passages: number;
  created_at: number;
  url: string | null;
  source_id: string | null;
  [key: string]: SqlStorageValue;
}

export class KnowledgeStore {
  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM documents').one().n;
  }

  list(): DocumentSummary[] {
    return this.sql
      .exec<DocumentRow>('SELECT id, title, chars, passages, created_at, url, source_id FROM documents ORDER BY created_at, id')
      .toArray()
      .map(toSummary);
  }

  /** One document with its full text (the dashboard's "view"). */
  get(id: string): (DocumentSummary & { content: string }) | null {
    const row = this.sql
      .exec<DocumentRow & { content: string }>('SELECT id, title, content, chars, passages, created_at, url, source_id FROM documents WHERE id = ?', id)
      .toArray()[0];
    return row ? { ...toSummary(row), content: row.content } : null;
  }

  add(title: string, content: string, now = Date.now()): DocumentSummary {
    const id = crypto.randomUUID();
    const chunks = chunkDocument(content);
    this.storage.transactionSync(() => {
      this.sql.exec(
        'INSERT INTO documents (id, title, content, chars, passages, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        id,
        title,
        content,
        content.length,
        chunks.length,
        now,
      );
      for (const chunk of chunks) this.sql.exec('INSERT INTO passages (title, text, doc_id) VALUES (?, ?, ?)', title, chunk, id);
    });
    return { id, title, chars: content.length, passages: chunks.length, createdAt: new Date(now).toISOString(), url: null, sourceId: null };
  }

  /** Removes a document and every passage it had. */
  delete(id: string): boolean {
    return this.storage.transactionSync(() => {
      const removed = this.sql.exec('DELETE FROM documents WHERE id = ?', id).rowsWritten > 0;
      this.sql.exec('DELETE FROM passages WHERE doc_id = ?', id);
      return removed;
    });
  }

  /** Passages in document order, for rotating proactive posts when no topics are set. */
  samplePassages(limit: number): Passage[] {
    return this.sql
      .exec<{ doc_id: string; title: string; text: string }>('SELECT doc_id, title, text FROM passages ORDER BY rowid LIMIT ?', limit)
      .toArray()
      .map((row) => ({ docId: row.doc_id, title: row.title, text: row.text, score: 0 }));
  }

  /** Best passages for a member's question, best first (bm25: lower is better; titles weigh double). */
  search(question: string, limit = 5): Passage[] {
    const match = toFtsQuery(question);
    if (!match) return [];
    return this.sql
      .exec<{ doc_id: string; title: string; text: string; score: number }>(
        `SELECT doc_id, title, text, bm25(passages, 2.0, 1.0) AS score
           FROM passages WHERE passages MATCH ? ORDER BY score LIMIT ?`,
        match,
        limit,
      )
      .toArray()
      .map((row) => ({ docId: row.doc_id, title: row.title, text: row.text, score: row.score }))
      .map((passage) => this.withUrl(passage));
  }

  /** The passage with its document's URL, so an answer can cite the page it came from. */
  private withUrl(passage: Passage): Passage {
    const row = this.sql.exec<{ url: string | null }>('SELECT url FROM documents WHERE id = ?', passage.docId).toArray()[0];
    return row?.url ? { ...passage, url: row.url } : passage;
  }
}

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    chars: row.chars,
    passages: row.passages,
    createdAt: new Date(row.created_at).toISOString(),
    url: row.url,
    sourceId: row.source_id,
  };
}
