import { ALL_FUNCTION_WORDS } from '../retrieval/languages';
import { stemVariants } from '../retrieval/stem';

const MAX_TERMS = 12;
// Longer "words" are pasted hashes, tokens or base64; they never match prose and only slow the index.
const MAX_TERM_LENGTH = 64;

const DISCORD_MARKUP = /<@!?\d+>|<@&\d+>|<#\d+>|<a?:\w+:\d+>/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

const STOPWORDS = new Set([
  'a', 'about', 'after', 'all', 'also', 'am', 'an', 'and', 'any', 'anybody', 'anyone', 'are', 'as', 'at',
  'be', 'been', 'being', 'bot', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'doing', 'for', 'from',
  'get', 'got', 'had', 'has', 'have', 'hello', 'hey', 'hi', 'how', 'i', 'if', 'im', 'in', 'into', 'is', 'it',
  'its', 'just', 'know', 'let', 'like', 'me', 'my', 'of', 'ok', 'okay', 'on', 'or', 'our', 'pls', 'please',
  'plz', 'so', 'some', 'someone', 'than', 'thank', 'thanks', 'that', 'the', 'their', 'them', 'then', 'there',
  'these', 'they', 'this', 'those', 'thx', 'to', 'too', 'up', 'us', 'very', 'was', 'we', 'were', 'what',
  'when', 'where', 'which', 'who', 'why', 'will', 'with', 'would', 'yo', 'you', 'your', 'yours',
]);

/** The distinct meaningful words of a message (in English, German, Spanish, French or Polish), lowercased, in order of first appearance (at most 12). */
export function queryTerms(text: string): string[] {
  const words = text.replace(DISCORD_MARKUP, ' ').toLowerCase().match(WORD) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    const length = [...word].length;
    if (length < 2 || length > MAX_TERM_LENGTH || STOPWORDS.has(word) || ALL_FUNCTION_WORDS.has(word) || terms.includes(word)) continue;
    terms.push(word);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/**
 * An FTS5 MATCH expression for free text: every term is a quoted string joined by OR, so user input
 * can never contribute operators, column filters or syntax errors. Null when nothing searchable remains.
 */
export function toFtsQuery(text: string): string | null {
  const terms = queryTerms(text);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * The MATCH expression for the stem index (passage_stems): every stem any language gives each term, quoted
 * and joined by OR, like toFtsQuery. Null when nothing searchable remains.
 */
export function toStemFtsQuery(text: string): string | null {
  const stems = [...new Set(queryTerms(text).flatMap(stemVariants))];
  if (stems.length === 0) return null;
  return stems.map((stem) => `"${stem.replaceAll('"', '""')}"`).join(' OR ');
}
