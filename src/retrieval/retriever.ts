// Finds the passages a member's question is answered from (contract §6): full-text over the stem index, and with
// a model configured also embeddings (brute-force cosine), fused by reciprocal rank. A follow-up may use the
// member's earlier question, but only when the decisions in decide.ts accept the passage it finds; otherwise
// the question is searched alone, so a new subject never gets the earlier question's passage.

import type { Passage } from '../answer/offline-answer';
import type { KnowledgeStore, StoredPassage } from '../guild/knowledge-store';
import { queryTerms } from '../knowledge/fts-query';
import { acceptsFollowUpPassage, cosine, earlierQuestionFirst, followUpKind, fuseByRank, isAbout, matchedTerms, previousQuestion, type PassageTerms } from './decide';
import { EMBEDDING_BATCH, type Embedder } from './embedder';

/** Passages handed to the answerer. */
export const RETRIEVED_PASSAGES = 5;
/** Candidates each list (full-text, embeddings) contributes before fusion. */
export const CANDIDATES_PER_LIST = 8;
/** A passage found only by meaning must be at least this similar (cosine) to the question. */
export const MIN_EMBEDDING_SIMILARITY = 0.3;
/** After an embedding failure, questions use full-text alone this long (a server without embeddings costs no calls). */
export const EMBEDDING_PAUSE_MS = 5 * 60_000;
/** Passages still without an embedding that one question embeds first (new documents, earlier failures). */
export const EMBED_BACKFILL_PER_QUESTION = 2 * EMBEDDING_BATCH;

export interface Retrieval {
  /** Best first; `score` is the fused rank score negated (lower is better, like bm25). */
  passages: Passage[];
  /** The text the passages were found with: the question, or the earlier question with it for a follow-up. */
  searchedWith: string;
  followUp: boolean;
}

interface Hit {
  passage: StoredPassage;
  /** Cosine similarity when the embeddings found it, else null. */
  similarity: number | null;
}

export class Retriever {
  private embeddingsPausedUntil = 0;

  constructor(
    private readonly store: KnowledgeStore,
    /** With a model configured: embeddings join full-text, and the model judges relevance itself. */
    private readonly embedder: Embedder | null,
    /** Embedding failures are reported here; retrieval goes on with full-text alone. */
    private readonly onEmbeddingError: (error: unknown) => void = () => {},
  ) {}

  async retrieve(question: string, history: readonly { role: string; content: string }[]): Promise<Retrieval> {
    const previous = previousQuestion(history);
    const kind = followUpKind(question);
    const withEarlier = async (): Promise<Retrieval | null> => {
      if (previous === null || kind === 'none') return null;
      const combined = `${previous} ${question}`;
      const hits = await this.search(combined, (passage, similarity) => acceptsFollowUpPassage(kind, question, previous, passage, similarity !== null));
      return hits.length > 0 ? { passages: hits, searchedWith: combined, followUp: true } : null;
    };
    const first = earlierQuestionFirst(kind, question);
    if (first) {
      const followUp = await withEarlier();
      if (followUp) return followUp;
    }
    // Offline, Herald itself decides what is relevant (isAbout); a model reads the passages and says "I don't know"
    // itself, so with one a passage sharing a single word with the question is still worth showing it.
    const relevant = this.embedder ? (passage: PassageTerms) => matchedTerms(queryTerms(question), passage) > 0 : (passage: PassageTerms) => isAbout(question, passage);
    const hits = await this.search(question, (passage, similarity) => similarity !== null || relevant(passage));
    if (hits.length > 0 || first) return { passages: hits, searchedWith: question, followUp: false };
    return (await withEarlier()) ?? { passages: hits, searchedWith: question, followUp: false };
  }

  /** Full-text and (with a model) embedding candidates that `keep` accepts, fused by rank. */
  private async search(text: string, keep: (passage: PassageTerms, similarity: number | null) => boolean): Promise<Passage[]> {
    const byText = this.store.search(text, CANDIDATES_PER_LIST).filter((passage) => keep(passage, null));
    const byMeaning = (await this.searchByMeaning(text)).filter((hit) => keep(hit.passage, hit.similarity));
    const passages = new Map<number, StoredPassage>([...byText, ...byMeaning.map((hit) => hit.passage)].map((passage) => [passage.id, passage]));
    const fused = fuseByRank([byText.map((passage) => passage.id), byMeaning.map((hit) => hit.passage.id)]);
    return fused.slice(0, RETRIEVED_PASSAGES).flatMap(({ id, score }) => {
      const passage = passages.get(id);
      if (!passage) return [];
      // Every field the store gave the passage travels on (e.g. a citation URL), without the index's own.
      const { id: _id, stems: _stems, ...fields } = passage;
      return [{ ...fields, score: -score }];
    });
  }

  private async searchByMeaning(text: string): Promise<Hit[]> {
    if (!this.embedder || Date.now() < this.embeddingsPausedUntil) return [];
    try {
      await this.embedMissing(this.embedder);
      const [query] = await this.embedder.embed([text]);
      if (!query) return [];
      const nearest = this.store
        .vectors(this.embedder.model)
        .map(({ id, vector }) => ({ id, similarity: cosine(query, vector) }))
        .filter((candidate) => candidate.similarity >= MIN_EMBEDDING_SIMILARITY)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, CANDIDATES_PER_LIST);
      const similarityOf = new Map(nearest.map((candidate) => [candidate.id, candidate.similarity]));
      return this.store.passagesById(nearest.map((candidate) => candidate.id)).map((passage) => ({ passage, similarity: similarityOf.get(passage.id) ?? 0 }));
    } catch (error) {
      this.embeddingsPausedUntil = Date.now() + EMBEDDING_PAUSE_MS;
      this.onEmbeddingError(error);
      return [];
    }
  }

  /** Embeds passages that have no vector yet, a bounded number per question. */
  private async embedMissing(embedder: Embedder): Promise<void> {
    for (let done = 0; done < EMBED_BACKFILL_PER_QUESTION; done += EMBEDDING_BATCH) {
      const missing = this.store.passagesWithoutVector(embedder.model, EMBEDDING_BATCH);
      if (missing.length === 0) return;
      const vectors = await embedder.embed(missing.map((passage) => `${passage.title}\n${passage.text}`));
      missing.forEach((passage, index) => {
        const vector = vectors[index];
        if (vector) this.store.storeVector(passage.id, embedder.model, vector);
      });
      if (missing.length < EMBEDDING_BATCH) return;
    }
  }
}
