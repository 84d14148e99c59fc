// Retrieval's decisions as pure functions (unit-tested in test/unit/retrieval-*.test.ts): is a passage about the
// question, is the question a follow-up and may it use the earlier question's passage, and how ranked lists
// (full-text, embeddings) are fused.

import { queryTerms } from '../knowledge/fts-query';
import { wordsOf } from './languages';
import { stemVariants } from './stem';
import { setBounded } from '../bounded-map';

/** A question of two or more words needs at least this many of them in the passage... */
export const MIN_MATCHED_TERMS = 2;
/** ...and at least this share of them, so a long message is not "about" a passage that shares two words. */
export const MIN_MATCHED_SHARE = 1 / 3;
/** A follow-up that points back ("how long does that take?") may bring at most this many words of its own. */
export const MAX_REFERRING_FOLLOW_UP_TERMS = 2;
/** Reciprocal rank fusion's constant (the usual 60): how much the first ranks outweigh the later ones. */
export const RRF_K = 60;
// Shared prefixes shorter than this are too weak to count as the same word.
const MIN_PREFIX_MATCH = 3;

export interface PassageTerms {
  /** The passage's title and text stemmed in its language (StoredPassage.stems). */
  stems: string;
  title: string;
  text: string;
}

/** The passage's stems and words as sets, built once per passage for the term checks below. */
interface TermIndex {
  /** The passage it was built from (a passage with the same stems and other words gets its own). */
  title: string;
  text: string;
  stems: Set<string>;
  words: Set<string>;
  /** passageHasTerm's answers so far (a cached passage meets the same question words again and again). */
  verdicts: Map<string, boolean>;
}

/** Answers remembered per passage; past this many the passage's answers are computed each time. */
const VERDICTS_PER_PASSAGE = 512;
/**
 * Indexes of the passages checked lately, by their stems, shared by every object that carries the same passage
 * (each search returns objects of its own, and a knowledge base's few dozen passages answer most questions); at
 * most this many, the oldest dropped first.
 */
const INDEXES_KEPT = 256;

const indexByObject = new WeakMap<PassageTerms, TermIndex>();
const indexByStems = new Map<string, TermIndex>();

function termIndex(passage: PassageTerms): TermIndex {
  let index = indexByObject.get(passage);
  if (index) return index;
  const known = indexByStems.get(passage.stems);
  if (known && known.title === passage.title && known.text === passage.text) {
    index = known;
  } else {
    index = {
      title: passage.title,
      text: passage.text,
      stems: new Set(passage.stems.split(/\s+/)),
      words: new Set(wordsOf(`${passage.title} ${passage.text}`)),
      verdicts: new Map(),
    };
    if (!known) {
      setBounded(indexByStems, passage.stems, index, INDEXES_KEPT);
    }
  }
  indexByObject.set(passage, index);
  return index;
}

/** Does the passage contain this question word, in any inflection? */
export function passageHasTerm(term: string, passage: PassageTerms): boolean {
  const index = termIndex(passage);
  let verdict = index.verdicts.get(term);
  if (verdict === undefined) {
    verdict = containsTerm(term, index);
    if (index.verdicts.size < VERDICTS_PER_PASSAGE) index.verdicts.set(term, verdict);
  }
  return verdict;
}

function containsTerm(term: string, { stems, words }: TermIndex): boolean {
  if (words.has(term) || stemVariants(term).some((stem) => stems.has(stem))) return true;
  // A word and its longer form ("pay" / "payment") count too, as the porter index did.
  for (const word of words) if (sharesPrefix(term, word)) return true;
  return false;
}

function sharesPrefix(term: string, word: string): boolean {
  if (term === word) return true;
  return term.length <= word.length ? term.length >= MIN_PREFIX_MATCH && word.startsWith(term) : word.length >= MIN_PREFIX_MATCH && term.startsWith(word);
}

/** How many of the question's terms the passage contains. */
export function matchedTerms(terms: readonly string[], passage: PassageTerms): number {
  return terms.filter((term) => passageHasTerm(term, passage)).length;
}

// Words that say what kind of answer is wanted rather than what it is about ("how do refunds WORK?", "how LONG
// does shipping TAKE?"): searched for, but a passage need not contain them to be about the question.
const ASKING_WORDS = new Set([
  'work', 'works', 'working', 'take', 'takes', 'need', 'needs', 'want', 'wants', 'happen', 'happens', 'mean', 'means',
  'long', 'much', 'many', 'often', 'possible', 'way', 'best', 'use', 'make', 'find', 'tell', 'explain', 'help', 'question',
  'funktioniert', 'bekomme', 'brauche', 'lange', 'viel', 'funciona', 'necesito', 'cuánto', 'fonctionne', 'besoin', 'działa', 'potrzebuję',
]);

/** The question's words that name its subject (ASKING_WORDS left out, unless nothing else remains). */
export function subjectTerms(question: string): readonly string[] {
  // Asked once per candidate passage of the same question: the last question's answer is kept.
  if (lastSubject?.question === question) return lastSubject.terms;
  const terms = queryTerms(question);
  const subject = terms.filter((term) => !ASKING_WORDS.has(term));
  lastSubject = { question, terms: Object.freeze(subject.length > 0 ? subject : terms) };
  return lastSubject.terms;
}

let lastSubject: { question: string; terms: readonly string[] } | null = null;

/**
 * Is the passage about the question? A question with one subject word needs it; a longer one at least
 * MIN_MATCHED_TERMS of its subject words and MIN_MATCHED_SHARE of them ("capital of Australia" shares only
 * "Australia" with the shipping page: not about it).
 */
export function isAbout(question: string, passage: PassageTerms): boolean {
  const terms = subjectTerms(question);
  if (terms.length === 0) return false;
  const matched = matchedTerms(terms, passage);
  return matched >= Math.min(terms.length, MIN_MATCHED_TERMS) && matched / terms.length >= MIN_MATCHED_SHARE;
}

// Words that point back at the earlier question's subject (not "to", "there", "en", "y", "es": too common on
// their own, or a plain verb in another language).
const REFERRING_WORDS = new Set([
  'it', 'that', 'this', 'those', 'these', 'them', 'they', 'one', 'ones', 'same',
  'das', 'dies', 'diese', 'dieser', 'dafür', 'davon', 'damit', 'dort',
  'eso', 'esto', 'ello', 'ese', 'esa', 'allí',
  'ça', 'cela', 'ceci', 'celui', 'celle',
  'tego', 'tym', 'tam',
]);
// Openers that continue the earlier question ("and for annual plans?", "what about Business?"); not Polish "a"
// and "i" alone, which are English words too.
const CONTINUING_OPENER =
  /^(and|also|plus|but|or|what about|how about|what if|same for|und|was ist mit|auch|y|y qué hay de|et|et si|qu'en est-il|a co z|a jak|oraz)\b/u;

export type FollowUpKind = 'none' | 'continuing' | 'referring';

/**
 * Is the earlier question tried first? For a continuing follow-up and a short referring one, yes: its words
 * alone say too little. A referring question with more words of its own ("the reset link expired, how long is
 * it valid?") is searched alone first, like a new question, and with the earlier one only if that finds nothing.
 */
export function earlierQuestionFirst(kind: FollowUpKind, question: string): boolean {
  return kind === 'continuing' || (kind === 'referring' && subjectTerms(question).length <= MAX_REFERRING_FOLLOW_UP_TERMS);
}

/**
 * What kind of follow-up a question is: `referring` when it points back with a pronoun ("how long does that
 * take?", "can it be restored?"), `continuing` when it only continues with an opener and words of its own ("and
 * for annual plans?"), `none` for a question that stands on its own.
 */
export function followUpKind(question: string): FollowUpKind {
  const lower = question.toLowerCase().replace(/[’‘]/g, "'").replace(/^[^\p{L}\p{N}]+/u, '').trim();
  if (wordsOf(lower).some((word) => REFERRING_WORDS.has(word))) return 'referring';
  return CONTINUING_OPENER.test(lower) ? 'continuing' : 'none';
}

/** The member's latest earlier question, or null. */
export function previousQuestion(history: readonly { role: string; content: string }[]): string | null {
  for (let index = history.length - 1; index >= 0; index--) {
    const turn = history[index];
    if (turn?.role === 'user' && queryTerms(turn.content).length > 0) return turn.content;
  }
  return null;
}

/**
 * May a follow-up use this passage, found with the earlier question? Only when the passage has a word of the
 * earlier question (or the embeddings found it), and the follow-up's own words are in it: every one for a continuing follow-up ("and for
 * annual plans?" needs "annual" and "plans"), at least one for a referring follow-up with more than
 * MAX_REFERRING_FOLLOW_UP_TERMS words of its own. So a new subject ("what about Bitcoin?") never gets the
 * earlier question's passage.
 */
export function acceptsFollowUpPassage(kind: FollowUpKind, question: string, previous: string, passage: PassageTerms, foundByMeaning: boolean): boolean {
  if (kind === 'none') return false;
  if (!foundByMeaning && matchedTerms(queryTerms(previous), passage) === 0) return false;
  const own = subjectTerms(question);
  const matched = matchedTerms(own, passage);
  if (kind === 'continuing') return matched === own.length;
  return own.length <= MAX_REFERRING_FOLLOW_UP_TERMS || matched > 0;
}

/** Reciprocal rank fusion of ranked lists of ids: best first, with each id's fused score (higher is better). */
export function fuseByRank<Id>(lists: readonly (readonly Id[])[], k = RRF_K): { id: Id; score: number }[] {
  const scores = new Map<Id, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** Cosine similarity; 0 when either vector is all zeros or their lengths differ. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
