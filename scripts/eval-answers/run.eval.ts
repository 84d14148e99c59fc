// The eval itself, inside workerd: a real GuildActor's knowledge base holds the pages, and each question goes
// through the retrieval the actor uses (see retrieve() below). Prints the figures; asserts only that the data set
// is well formed (it is a measurement: the figures are read, not enforced).

import { env, runInDurableObject } from 'cloudflare:test';
import { expect, inject, it } from 'vitest';
import { OfflineAnswerer } from '../../src/answer/answerer';
import type { Passage } from '../../src/answer/offline-answer';
import type { Turn } from '../../src/guild/conversation-store';
import { KnowledgeStore } from '../../src/guild/knowledge-store';
import { OpenAIEmbedder } from '../../src/retrieval/embedder';
import { Retriever } from '../../src/retrieval/retriever';
import { TEST_OPENAI_KEY } from '../../test/support/constants';
import { DEMO_KNOWLEDGE } from '../demo/knowledge';
import { QUESTIONS as BENCH_QUESTIONS } from '../soak/corpus';
import { EVAL_DOCUMENTS } from './knowledge';
import { EVAL_QUESTIONS, type EvalKind, type EvalQuestion } from './questions';

interface Outcome {
  /** Passages the answer is made from, best first. */
  ranked: Passage[];
  /** Herald said it had nothing relevant. */
  nothing: boolean;
}

type Mode = 'offline' | 'embeddings';

function historyOf(item: EvalQuestion): Turn[] {
  return (item.history ?? []).map((content, index) => ({ role: 'user', content, at: index }) as Turn);
}

/**
 * The retrieval and offline answer exactly as the actor does them (Responder.answerQuestion): Retriever, then
 * the offline answerer; with embeddings, the Retriever gets the embedder the actor builds with a model, pointed
 * at the fake model server, and "nothing relevant" means retrieval found nothing (the model answers from that).
 */
async function retrieve(store: KnowledgeStore, item: EvalQuestion, mode: Mode): Promise<Outcome> {
  const history = historyOf(item);
  const embedder = mode === 'embeddings' ? new OpenAIEmbedder({ apiKey: TEST_OPENAI_KEY, baseUrl: inject('fakeOpenAIUrl') }) : null;
  const retrieval = await new Retriever(store, embedder, (error) => {
    throw error;
  }).retrieve(item.q, history);
  const ranked = retrieval.passages;
  if (mode === 'embeddings') return { ranked, nothing: ranked.length === 0 };
  const answer = await new OfflineAnswerer().answer({ question: item.q, passages: ranked, history, channelContext: null, searchedWith: retrieval.searchedWith });
  const quoted = ranked.find((passage) => answer.sources.includes(passage.title));
  return { ranked: answer.grounded && quoted ? [quoted, ...ranked.filter((p) => p !== quoted)] : [], nothing: !answer.grounded };
}

interface Tally {
  answerable: number;
  hit1: number;
  hit3: number;
  nothingRight: number;
  nothingSaid: number;
  nothingExpected: number;
}

const emptyTally = (): Tally => ({ answerable: 0, hit1: 0, hit3: 0, nothingRight: 0, nothingSaid: 0, nothingExpected: 0 });
const pct = (part: number, whole: number): string => (whole === 0 ? '   -  ' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`);

function report(mode: Mode, byKind: Map<EvalKind | 'all', Tally>, misses: string[]): string {
  const lines = [`\n== ${mode === 'offline' ? 'offline (full-text)' : "with the fake model's embeddings (hybrid)"} ==`];
  lines.push('kind               n(ans)  hit@1   hit@3   | n(none) nothing-precision nothing-recall');
  for (const [kind, t] of byKind) {
    lines.push(
      `${kind.padEnd(18)} ${String(t.answerable).padStart(6)}  ${pct(t.hit1, t.answerable)}  ${pct(t.hit3, t.answerable)}  | ${String(t.nothingExpected).padStart(7)} ${pct(t.nothingRight, t.nothingSaid).padStart(17)} ${pct(t.nothingRight, t.nothingExpected).padStart(14)}`,
    );
  }
  lines.push(`first misses: ${misses.slice(0, 25).join(' | ')}`);
  return lines.join('\n');
}

/** Earlier questions a member asked before each question of the depth table. */
const DEPTHS = [0, 1, 5] as const;

/**
 * Relevance must not depend on how many questions came before (under load, each member has asked more): the
 * standalone answerable questions, asked after 0, 1 and 5 earlier questions of the same member (other
 * questions of the set, in turn), with hit@1 at each depth.
 */
async function depthReport(store: KnowledgeStore, docOfTitle: Map<string, string>): Promise<string> {
  const standalone = EVAL_QUESTIONS.filter((item) => item.expect !== null && item.kind !== 'follow-up' && item.kind !== 'cross-language');
  const lines = ['\n== relevance by earlier questions of the same member (standalone questions) ==', 'mode        ' + DEPTHS.map((d) => `after ${d}`.padStart(9)).join('')];
  for (const mode of ['offline', 'embeddings'] as const) {
    const cells: string[] = [];
    for (const depth of DEPTHS) {
      let hits = 0;
      for (const [index, item] of standalone.entries()) {
        const history = Array.from({ length: depth }, (_, k) => standalone[(index + 7 * (k + 1)) % standalone.length]!.q);
        const outcome = await retrieve(store, { ...item, history }, mode);
        const top = outcome.ranked[0];
        if (!outcome.nothing && top && (docOfTitle.get(top.title) ?? top.docId) === item.expect) hits++;
      }
      cells.push(pct(hits, standalone.length).padStart(9));
    }
    lines.push(`${mode.padEnd(12)}${cells.join('')}`);
  }
  return lines.join('\n');
}

/**
 * The benchmark's own workload (scripts/soak/corpus.ts questions over the demo knowledge base), offline: the
 * share of answers that quote the document the question gets when asked cold, when the member asked 1 or 5 of
 * the other benchmark questions first. Under load each member has asked more before: this is the benchmark's
 * relevance column, step by step.
 */
async function benchWorkloadReport(store: KnowledgeStore): Promise<string> {
  const quoted = async (q: string, history: string[]): Promise<string> => {
    const outcome = await retrieve(store, { q, expect: null, kind: 'paraphrase', lang: 'en', history }, 'offline');
    return outcome.nothing ? '(nothing)' : (outcome.ranked[0]?.title ?? '(nothing)');
  };
  const cold = await Promise.all(BENCH_QUESTIONS.map((q) => quoted(q, [])));
  const cells: string[] = [];
  for (const depth of DEPTHS) {
    let same = 0;
    for (const [index, q] of BENCH_QUESTIONS.entries()) {
      const history = Array.from({ length: depth }, (_, k) => BENCH_QUESTIONS[(index + k + 1) % BENCH_QUESTIONS.length]!);
      if ((await quoted(q, history)) === cold[index]) same++;
    }
    cells.push(pct(same, BENCH_QUESTIONS.length).padStart(9));
  }
  return `\n== the benchmark's questions (scripts/soak/corpus.ts) over the demo knowledge base: same answer as asked cold ==\nmode        ${DEPTHS.map((d) => `after ${d}`.padStart(9)).join('')}\noffline     ${cells.join('')}`;
}

it('measures retrieval over the labelled set', async () => {
  const ids = new Set(EVAL_DOCUMENTS.map((doc) => doc.id));
  expect(EVAL_DOCUMENTS.length).toBeGreaterThanOrEqual(30);
  expect(EVAL_QUESTIONS.length).toBeGreaterThanOrEqual(150);
  for (const item of EVAL_QUESTIONS) if (item.expect !== null) expect(ids, item.q).toContain(item.expect);

  const stub = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(`eval-answers-${Date.now()}`));
  const output = await runInDurableObject(stub, async (_instance, state) => {
    const store = new KnowledgeStore(state.storage);
    const docOfTitle = new Map<string, string>();
    for (const doc of EVAL_DOCUMENTS) {
      store.add(doc.title, doc.content);
      docOfTitle.set(doc.title, doc.id);
    }
    const sections: string[] = [];
    for (const mode of ['offline', 'embeddings'] as const) {
      const byKind = new Map<EvalKind | 'all', Tally>([['all', emptyTally()]]);
      const misses: string[] = [];
      for (const item of EVAL_QUESTIONS) {
        const outcome = await retrieve(store, item, mode);
        const docs = [...new Set(outcome.ranked.map((passage) => docOfTitle.get(passage.title) ?? passage.docId))];
        for (const key of ['all', item.kind] as const) {
          const t = byKind.get(key) ?? emptyTally();
          byKind.set(key, t);
          if (outcome.nothing) t.nothingSaid++;
          if (item.expect === null) {
            t.nothingExpected++;
            if (outcome.nothing) t.nothingRight++;
          } else {
            t.answerable++;
            if (!outcome.nothing && docs[0] === item.expect) t.hit1++;
            if (!outcome.nothing && docs.slice(0, 3).includes(item.expect)) t.hit3++;
          }
        }
        const right = item.expect === null ? outcome.nothing : !outcome.nothing && docs[0] === item.expect;
        if (!right) misses.push(`${item.q} → ${outcome.nothing ? 'nothing' : docs[0]}`);
      }
      sections.push(report(mode, byKind, misses));
    }
    sections.push(await depthReport(store, docOfTitle));
    return sections.join('\n');
  });
  const demo = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(`eval-answers-demo-${Date.now()}`));
  const benchSection = await runInDurableObject(demo, async (_instance, state) => {
    const store = new KnowledgeStore(state.storage);
    for (const doc of DEMO_KNOWLEDGE) store.add(doc.title, doc.content);
    return benchWorkloadReport(store);
  });
  console.log(`\nnpm run eval:answers: ${EVAL_DOCUMENTS.length} documents, ${EVAL_QUESTIONS.length} questions${output}${benchSection}\n`);
});
