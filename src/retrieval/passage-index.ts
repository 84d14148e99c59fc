// The passages' second and third indexes, beside the porter-stemmed `passages` FTS5 table (which keeps the text):
// - passage_stems: the same passages stemmed in their own language (stem.ts), searched with every language's
//   stems of the question; rowid = the passage's rowid in `passages`.
// - passage_vectors: one embedding per passage (with a model), a Float32 blob, searched by brute-force cosine.

import { detectLanguage, type StemLanguage } from './languages';
import { stemText } from './stem';

// Enough text to tell the language by its function words.
const LANGUAGE_SAMPLE_CHARS = 5_000;

export const PASSAGE_STEMS_TABLE = `CREATE VIRTUAL TABLE passage_stems USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')`;
export const PASSAGE_VECTORS_TABLE = `CREATE TABLE passage_vectors (
  passage_id INTEGER PRIMARY KEY,
  model TEXT NOT NULL,
  vector BLOB NOT NULL
)`;

/** The language a document's passages are stemmed in (detected once per document: documents can be long). */
export function documentLanguage(title: string, content: string): StemLanguage {
  return detectLanguage(`${title}\n${content.slice(0, LANGUAGE_SAMPLE_CHARS)}`);
}

/** Stems one passage into passage_stems, in its document's language. */
export function indexPassageStems(sql: SqlStorage, passageId: number, title: string, text: string, lang: StemLanguage): void {
  sql.exec('INSERT OR REPLACE INTO passage_stems (rowid, title, text) VALUES (?, ?, ?)', passageId, stemText(title, lang), stemText(text, lang));
}

/** Stems every passage (schema version 14 re-indexes existing guilds with it). */
export function indexAllPassageStems(sql: SqlStorage): void {
  const languages = new Map<string, StemLanguage>();
  for (const doc of sql.exec<{ id: string; title: string; content: string }>('SELECT id, title, content FROM documents').toArray()) {
    languages.set(doc.id, documentLanguage(doc.title, doc.content));
  }
  const rows = sql.exec<{ id: number; title: string; text: string; doc_id: string }>('SELECT rowid AS id, title, text, doc_id FROM passages').toArray();
  for (const row of rows) indexPassageStems(sql, row.id, row.title, row.text, languages.get(row.doc_id) ?? documentLanguage(row.title, row.text));
}

/** Forgets one document's passages in the stem and vector indexes (before its passages are deleted). */
export function forgetDocumentIndexes(sql: SqlStorage, docId: string): void {
  const ids = sql.exec<{ id: number }>('SELECT rowid AS id FROM passages WHERE doc_id = ?', docId).toArray();
  for (const { id } of ids) {
    sql.exec('DELETE FROM passage_stems WHERE rowid = ?', id);
    sql.exec('DELETE FROM passage_vectors WHERE passage_id = ?', id);
  }
}

export function vectorToBlob(vector: Float32Array): ArrayBuffer {
  return vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength) as ArrayBuffer;
}

export function blobToVector(blob: ArrayBuffer | Uint8Array): Float32Array {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  // Copied so the Float32Array is aligned whatever the blob's offset.
  return new Float32Array(bytes.slice().buffer);
}
