import { excerptOf } from '../text/excerpt';
import { queryTerms } from '../knowledge/fts-query';
import { citation } from '../sources/citations';
import { passageHasTerm, type PassageTerms } from '../retrieval/decide';
import { stemText } from '../retrieval/stem';
import { setBounded } from '../bounded-map';

export interface Passage {
  docId: string;
  title: string;
  text: string;
  /** bm25 from SQLite FTS5: lower (more negative) is a better match. */
  score: number;
  /** The web page the passage's document was imported from (web sources), cited with the answer. */
  url?: string;
}

export interface Answer {
  text: string;
  /** Titles of the documents cited. */
  sources: string[];
  grounded: boolean;
}

export const NO_ANSWER_TEXT =
  "I couldn't find anything about that in this server's knowledge base. Try rephrasing your question, or ask a moderator or staff member for help.";

const MAX_EXCERPT_CHARS = 1500;
// The relevance check reads at most this much of a passage.
const MAX_CHECKED_CHARS = 10_000;
// Cutting earlier than this to reach a sentence end would throw away too much of the passage.
const MIN_SENTENCE_CUT = 500;

// A fresh object each time so a caller mutating sources cannot affect later answers.
const noAnswer = (): Answer => ({ text: NO_ANSWER_TEXT, sources: [], grounded: false });

/** Answers from the knowledge base alone (no model): the best passage, quoted, with its source. */
export function composeOfflineAnswer(question: string, passages: Passage[]): Answer {
  const best = passages.reduce<Passage | undefined>(
    (leader, passage) => (leader === undefined || passage.score < leader.score ? passage : leader),
    undefined,
  );
  if (best === undefined) return noAnswer();

  // Passages are chunks of at most ~1,200 characters; a longer text is checked by its beginning (bounded work).
  const terms = checkedTermsOf(best);
  const mentionsQuestion = queryTerms(question).some((term) => passageHasTerm(term, terms));
  if (!mentionsQuestion) return noAnswer();

  const excerpt = excerptOf(best.text, MAX_EXCERPT_CHARS, MIN_SENTENCE_CUT);
  if (excerpt.length === 0) return noAnswer();
  const source = best.title.trim() || best.docId;
  return { text: `${excerpt}\n\nSource: ${citation(source, best.url)}`, sources: [source], grounded: true };
}

/** Passages whose stems were computed lately (the same few passages answer most questions); at most this many. */
const CHECKED_TERMS_KEPT = 32;
const checkedTerms = new Map<string, PassageTerms>();

/** The beginning of a passage the relevance check reads, with its stems: computed once while it is among the recent ones. */
function checkedTermsOf(passage: Passage): PassageTerms {
  const title = passage.title.slice(0, MAX_CHECKED_CHARS);
  const text = passage.text.slice(0, MAX_CHECKED_CHARS);
  const key = `${title}\n${text}`;
  let terms = checkedTerms.get(key);
  if (!terms) {
    terms = { title, text, stems: stemText(key) };
    setBounded(checkedTerms, key, terms, CHECKED_TERMS_KEPT);
  }
  return terms;
}

const MENTION_OR_EMOJI = /<@!?\d+>|<@&\d+>|<#\d+>|<a?:\w+:\d+>/g;
const QUESTION_OPENER =
  /^(who|whom|whose|what|when|where|why|how|can|could|does|do|did|is|are|was|were|should|will|would|which|has|have|any\s?one)\b/;
// Clear signs of a support request; these count even in a one- or two-word message.
const STRONG_REQUEST =
  /\b(help|error|errors|bug|broken|crash(es|ed|ing)?|not working|isn'?t working|doesn'?t work|does not work|won'?t work|can'?t|cannot|unable to)\b/;
// Weaker signs that only count in a message long enough not to be small talk.
const WEAK_REQUEST =
  /\b(anyone know|any ?one know|does anybody know|need|problem|problems|issue|issues|how to|how do|trying to|stuck|wondering)\b/;
const GRATITUDE = /^(thanks|thank you|thank u|thx|ty|tysm|tyvm|cheers|appreciate)\b/;
const NO_PROBLEM = /\bno (problem|problems|issue|issues|need)\b/g;

/** Offline "smart mode": does this message look like something the bot should try to answer? */
export function looksLikeQuestionOrRequest(text: string): boolean {
  const cleaned = text.replace(MENTION_OR_EMOJI, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return false;
  if (/[?？]/.test(cleaned)) return true;

  const lower = cleaned.toLowerCase().replace(/[’‘]/g, "'").replace(/^[^\p{L}\p{N}]+/u, '');
  if (GRATITUDE.test(lower)) return false;
  const meaningful = lower.replace(NO_PROBLEM, ' ');
  if (STRONG_REQUEST.test(meaningful)) return true;

  const wordCount = lower.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (wordCount < 3) return false;
  return QUESTION_OPENER.test(lower) || WEAK_REQUEST.test(meaningful);
}

const HUMAN = '(?:human|humans|person|agent|staff|staff member|moderator|moderators|mod|mods|admin|admins|representative|rep|someone|somebody)';
const WANTS_HUMAN_PATTERNS = [
  new RegExp(`\\b(?:talk|speak|chat)(?:ing)?\\s+(?:to|with)\\s+(?:(?:a|an|the|some|your)\\s+)?(?:(?:real|actual|live)\\s+)?${HUMAN}\\b`),
  new RegExp(`\\b(?:get|need|want|give)\\s+(?:me\\s+)?(?:(?:a|an|some)\\s+)?(?:real|actual|live)\\s+(?:human|person|agent)\\b`),
  /\b(?:need|want|get me|give me)\s+(?:a|an)\s+(?:human|person|agent|staff member|moderator|admin)\b/,
  /\b(?:human|person|agent|staff|mod|admin)\s*(?:please|pls|plz)\b/,
  /\blive\s+(?:agent|support|chat)\b/,
  /\b(?:is|are)\s+there\s+(?:a|an|any)\s+(?:human|staff|mod|moderator|admin)s?\b/,
  /\bcustomer\s+(?:support|service)\b/,
  /\b(?:escalate|escalation)\b/,
  /\b(?:contact|reach)\s+(?:(?:a|an|the)\s+)?(?:support|staff|humans?|admins?|moderators?|mods?|team)\b/,
];

/** Offline check for a member asking to be handed to a person instead of the bot. */
export function wantsHuman(text: string): boolean {
  const lower = text.replace(MENTION_OR_EMOJI, ' ').toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  return WANTS_HUMAN_PATTERNS.some((pattern) => pattern.test(lower));
}
