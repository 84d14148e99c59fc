// The guild's knowledge base in its SQLite: documents, split into passages and indexed with FTS5.

import { chunkDocument } from '../knowledge/chunk';
import { toStemFtsQuery } from '../knowledge/fts-query';
import type { Passage } from '../answer/offline-answer';
import { blobToVector, documentLanguage, forgetDocumentIndexes, indexPassageStems, vectorToBlob } from '../retrieval/passage-index';
import { setBounded } from '../bounded-map';

/** A passage as the knowledge base stores it: its id (the FTS rowid) and its stems, for retrieval's checks. */
export interface StoredPassage extends Passage {
  id: number;
  /** Title and text stemmed in the passage's language, space-separated. */
  stems: string;
}

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

/** Recent full-text searches kept per guild actor (members ask the same questions), emptied by any knowledge change. */
export const SEARCH_CACHE_LIMIT = 256;

export class KnowledgeStore {
  /** Question (and limit) → its passages, oldest first; frozen, as callers share them. */
  private readonly searchCache = new Map<string, readonly StoredPassage[]>();

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
    this.searchCache.clear();
    const id = crypto.randomUUID();
    const chunks = chunkDocument(content);
    const lang = documentLanguage(title, content);
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
      for (const chunk of chunks) {
        // The rowid is chosen here: FTS5 tables give no usable RETURNING rowid.
        const passageId = this.sql.exec<{ id: number }>('SELECT COALESCE(MAX(rowid), 0) + 1 AS id FROM passages').one().id;
        this.sql.exec('INSERT INTO passages (rowid, title, text, doc_id) VALUES (?, ?, ?, ?)', passageId, title, chunk, id);
        indexPassageStems(this.sql, passageId, title, chunk, lang);
      }
    });
    return { id, title, chars: content.length, passages: chunks.length, createdAt: new Date(now).toISOString(), url: null, sourceId: null };
  }

  /** Removes a document and every passage it had. */
  delete(id: string): boolean {
    this.searchCache.clear();
    return this.storage.transactionSync(() => {
      const removed = this.sql.exec('DELETE FROM documents WHERE id = ?', id).rowsWritten > 0;
      forgetDocumentIndexes(this.sql, id);
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

  /**
   * Best passages for a member's question, best first (bm25: lower is better; titles weigh double), from the
   * stem index: inflected forms in English, German, Spanish, French and Polish find each other.
   */
  search(question: string, limit = 5): StoredPassage[] {
    const key = `${limit}:${question}`;
    const cached = this.searchCache.get(key);
    if (cached) {
      // Most recently used last, so the oldest goes first when the cache is full.
      setBounded(this.searchCache, key, cached, SEARCH_CACHE_LIMIT);
      return [...cached];
    }
    const found = this.searchIndex(question, limit).map((passage) => Object.freeze(passage));
    setBounded(this.searchCache, key, found, SEARCH_CACHE_LIMIT);
    return [...found];
  }

  /** The stem index's answer, uncached. (add and delete empty the cache; a page's URL is set right after its add, with no await between.) */
  private searchIndex(question: string, limit: number): StoredPassage[] {
    const match = toStemFtsQuery(question);
    if (!match) return [];
    return this.sql
      .exec<{ id: number; doc_id: string; title: string; text: string; score: number; stem_title: string; stem_text: string; url: string | null }>(
        `SELECT passage_stems.rowid AS id, p.doc_id AS doc_id, p.title AS title, p.text AS text, bm25(passage_stems, 2.0, 1.0) AS score,
                passage_stems.title AS stem_title, passage_stems.text AS stem_text, d.url AS url
           FROM passage_stems JOIN passages p ON p.rowid = passage_stems.rowid LEFT JOIN documents d ON d.id = p.doc_id
          WHERE passage_stems MATCH ? ORDER BY score LIMIT ?`,
        match,
        limit,
      )
      .toArray()
      .map((row) => withUrl({ id: row.id, docId: row.doc_id, title: row.title, text: row.text, score: row.score, stems: `${row.stem_title} ${row.stem_text}` }, row.url));
  }

  /** Passages by id (with their stems), in the order given; unknown ids are skipped. */
  passagesById(ids: readonly number[]): StoredPassage[] {
    const found = new Map<number, StoredPassage>();
    for (const id of ids) {
      const row = this.sql
        .exec<{ doc_id: string; title: string; text: string; stem_title: string | null; stem_text: string | null; url: string | null }>(
          `SELECT p.doc_id AS doc_id, p.title AS title, p.text AS text, s.title AS stem_title, s.text AS stem_text, d.url AS url
             FROM passages p LEFT JOIN passage_stems s ON s.rowid = p.rowid LEFT JOIN documents d ON d.id = p.doc_id WHERE p.rowid = ?`,
          id,
        )
        .toArray()[0];
      if (row) found.set(id, withUrl({ id, docId: row.doc_id, title: row.title, text: row.text, score: 0, stems: `${row.stem_title ?? ''} ${row.stem_text ?? ''}` }, row.url));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Passages that have no embedding from `model` yet (new, or embedded by another model), oldest first. */
  passagesWithoutVector(model: string, limit: number): { id: number; title: string; text: string }[] {
    return this.sql
      .exec<{ id: number; title: string; text: string }>(
        `SELECT p.rowid AS id, p.title AS title, p.text AS text FROM passages p
          WHERE NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.passage_id = p.rowid AND v.model = ?)
          ORDER BY p.rowid LIMIT ?`,
        model,
        limit,
      )
      .toArray();
  }

  storeVector(passageId: number, model: string, vector: Float32Array): void {
    // The passage may have been deleted while its embedding was being made.
    this.sql.exec(
      'INSERT OR REPLACE INTO passage_vectors (passage_id, model, vector) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM passages WHERE rowid = ?)',
      passageId,
      model,
      vectorToBlob(vector),
      passageId,
    );
  }

  /** Every passage embedding from `model` (brute force: a knowledge base holds a few thousand passages at most). */
  vectors(model: string): { id: number; vector: Float32Array }[] {
    return this.sql
      .exec<{ id: number; vector: ArrayBuffer }>('SELECT passage_id AS id, vector FROM passage_vectors WHERE model = ?', model)
      .toArray()
      .map((row) => ({ id: row.id, vector: blobToVector(row.vector) }));
  }

}

/** The passage with its document's URL (read in the same query), so an answer can cite the page it came from. */
function withUrl<P extends Passage>(passage: P, url: string | null): P {
  return url ? { ...passage, url } : passage;
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
