// Embeddings through the OpenAI-compatible `/embeddings` endpoint (the `ai` SDK's embedMany), for hybrid
// retrieval when a model is configured. Every call has a timeout; the caller falls back to full-text on failure.

import type { OpenAIProvider } from '@ai-sdk/openai';
import { aiSdk, openAIProviderModule } from '../answer/ai-sdk';

/** OpenAI's small embedding model: multilingual, cheap, 1536 dimensions. */
export const EMBEDDING_MODEL = 'text-embedding-3-small';
/** One embeddings request (a question, or a batch of passages). */
export const EMBEDDING_TIMEOUT_MS = 10_000;
/** Passages sent in one embeddings request. */
export const EMBEDDING_BATCH = 96;

export interface Embedder {
  /** Which model made the vectors: vectors of another model are never compared with these. */
  readonly model: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  apiKey: string;
  baseUrl: string;
  model?: string;
  /** Tests only: another transport. */
  fetch?: typeof fetch;
}

export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  /** Loaded on first use, like the `ai` SDK (see aiSdk): offline it never is. */
  private provider: Promise<OpenAIProvider> | null = null;

  constructor(private readonly options: EmbedderOptions) {
    this.model = options.model ?? EMBEDDING_MODEL;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { options } = this;
    this.provider ??= openAIProviderModule().then(({ createOpenAI }) =>
      createOpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    );
    const [{ embedMany }, provider] = await Promise.all([aiSdk(), this.provider]);
    const { embeddings } = await embedMany({
      model: provider.embedding(this.model),
      values: [...texts],
      maxParallelCalls: 1,
      maxRetries: 1,
      abortSignal: AbortSignal.timeout(EMBEDDING_TIMEOUT_MS),
    });
    return embeddings.map((vector) => Float32Array.from(vector));
  }
}
