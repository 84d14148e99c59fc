// The plain bot's knowledge search: Okapi BM25 over paragraphs of the same documents Herald gets, held in
// memory (what a simple single-process bot would do). k1 = 1.2, b = 0.75, titles counted twice.

const K1 = 1.2;
const B = 0.75;
const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'can', 'do', 'does', 'for', 'how', 'i', 'in', 'is', 'it', 'my', 'of', 'on', 'the', 'to', 'what', 'when', 'where', 'which', 'why', 'with', 'you']);

export interface Bm25Hit {
  title: string;
  text: string;
  score: number;
}

interface Passage {
  title: string;
  text: string;
  terms: Map<string, number>;
  length: number;
}

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => !STOP_WORDS.has(word)).map((word) => (word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word));
}

export class Bm25Index {
  private readonly passages: Passage[] = [];
  private readonly documentFrequency = new Map<string, number>();
  private averageLength = 0;

  constructor(documents: readonly { title: string; content: string }[]) {
    for (const doc of documents) {
      for (const paragraph of doc.content.split(/\n\s*\n/)) {
        const text = paragraph.trim();
        if (!text || text.startsWith('#')) continue;
        const tokens = [...tokenize(doc.title), ...tokenize(doc.title), ...tokenize(text)];
        const terms = new Map<string, number>();
        for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + 1);
        for (const term of terms.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        this.passages.push({ title: doc.title, text, terms, length: tokens.length });
      }
    }
    this.averageLength = this.passages.reduce((sum, p) => sum + p.length, 0) / Math.max(1, this.passages.length);
  }

  search(question: string, limit = 1): Bm25Hit[] {
    const terms = [...new Set(tokenize(question))];
    const n = this.passages.length;
    const hits: Bm25Hit[] = [];
    for (const passage of this.passages) {
      let score = 0;
      for (const term of terms) {
        const tf = passage.terms.get(term);
        if (!tf) continue;
        const df = this.documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * passage.length) / this.averageLength));
      }
      if (score > 0) hits.push({ title: passage.title, text: passage.text, score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
