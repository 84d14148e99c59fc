import type { Proposal } from './decide';
import type { ModAction } from './rules';

export const JUDGE_ACTIONS = ['none', 'delete', 'warn', 'timeout', 'kick', 'ban'] as const;

/** The AI judge's structured answer about one message. */
export interface JudgeAnswer {
  action: 'none' | ModAction;
  reason: string;
  confidence: number;
  /** The rule in the judge's words. */
  rule: string;
  /** The owner's rule, copied word for word. */
  ruleQuote: string;
  /** The offending words, copied from the message. */
  messageQuote: string;
}

const MIN_RULE_QUOTE_CHARS = 3;
const MAX_REASON_CHARS = 500;

/**
 * Turns the judge's answer into a proposal only when it can be checked: it must quote a rule the owner
 * actually wrote (outside `#` comments) and words the member actually wrote. Comparison ignores case,
 * curly versus straight quotes and runs of whitespace. Anything else is discarded (null): when in doubt,
 * do nothing.
 */
export function verifyJudgement(answer: JudgeAnswer, rulesText: string, message: string): Proposal | null {
  const action = answer.action;
  if (action === 'none' || !(JUDGE_ACTIONS as readonly string[]).includes(action)) return null;
  const confidence = answer.confidence;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return null;
  if (typeof answer.ruleQuote !== 'string' || typeof answer.messageQuote !== 'string') return null;

  const ruleLines = rulesText.split(/\r\n|\r|\n/u).filter((line) => !line.trim().startsWith('#'));
  const ruleQuote = findQuote(answer.ruleQuote, ruleLines.join('\n'), MIN_RULE_QUOTE_CHARS);
  // A rule quote of only punctuation ("- -") proves nothing about which rule was applied.
  if (ruleQuote === null || !/[\p{L}\p{N}]/u.test(ruleQuote)) return null;
  const messageQuote = findQuote(answer.messageQuote, message, 1);
  if (messageQuote === null) return null;

  const quotedLine = ruleLines.find((line) => comparable(line).includes(comparable(ruleQuote)));
  const rule = quotedLine?.trim() ?? ruleQuote;
  const reason = typeof answer.reason === 'string' ? [...answer.reason.trim()].slice(0, MAX_REASON_CHARS).join('') : '';
  return {
    action,
    reason: reason === '' ? `Breaks the rule "${rule}".` : reason,
    rule,
    quote: originalSpelling(messageQuote, message),
    confidence,
    source: 'ai',
  };
}

// Models often wrap a quote in quotation marks the original does not have, so both forms are tried.
function findQuote(quote: string, text: string, minChars: number): string | null {
  const trimmed = quote.trim();
  const unwrapped = trimmed.replace(/^["'“‘«](.*)["'”’»]$/su, '$1').trim();
  const haystack = comparable(text);
  for (const candidate of [trimmed, unwrapped]) {
    if ([...candidate].length >= minChars && haystack.includes(comparable(candidate))) return candidate;
  }
  return null;
}

function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[‘’]/gu, "'")
    .replace(/[“”]/gu, '"')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

// The log should show the member's own words, not the model's copy of them, when only case or spacing differ.
// Matched word by word (the first word may end a message word, the last may begin one), as the regex
// `w1\s+w2\s+…` did, but in linear time: that regex was built from the quote and could overflow the stack.
function originalSpelling(quote: string, message: string): string {
  const parts = foldCase(quote).split(/\s+/u).filter((part) => part.length > 0);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first === undefined || last === undefined) return quote;
  const folded = foldCase(message);
  if (parts.length === 1) {
    const at = folded.indexOf(first);
    return at === -1 ? quote : message.slice(at, at + first.length);
  }
  const words = wordsWithPositions(folded);
  const ids = new Map<string, number>();
  const idOf = (word: string): number => {
    const known = ids.get(word);
    if (known !== undefined) return known;
    ids.set(word, ids.size);
    return ids.size - 1;
  };
  const wordIds = words.map((word) => idOf(word.text));
  const middle = parts.slice(1, -1).map(idOf);
  for (const at of occurrences(wordIds, middle)) {
    const before = words[at - 1];
    const after = words[at + middle.length];
    if (before === undefined || after === undefined) continue;
    if (before.text.endsWith(first) && after.text.startsWith(last)) {
      return message.slice(before.end - first.length, after.start + last.length);
    }
  }
  return quote;
}

/** Lower case, character by character, keeping positions (a character whose lower case is longer stays as it is). */
function foldCase(text: string): string {
  let folded = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    folded += lower.length === char.length ? lower : char;
  }
  return folded;
}

function wordsWithPositions(text: string): Array<{ text: string; start: number; end: number }> {
  const words: Array<{ text: string; start: number; end: number }> = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const space = index === text.length || /\s/u.test(text.charAt(index));
    if (space && start !== -1) {
      words.push({ text: text.slice(start, index), start, end: index });
      start = -1;
    } else if (!space && start === -1) {
      start = index;
    }
  }
  return words;
}

/** Every index where `pattern` occurs in `sequence`, in order (Knuth-Morris-Pratt: linear in both). */
function occurrences(sequence: readonly number[], pattern: readonly number[]): number[] {
  if (pattern.length === 0) return sequence.map((_, index) => index);
  const fallback = new Array<number>(pattern.length).fill(0);
  for (let index = 1, matched = 0; index < pattern.length; index++) {
    while (matched > 0 && pattern[index] !== pattern[matched]) matched = fallback[matched - 1] ?? 0;
    if (pattern[index] === pattern[matched]) matched++;
    fallback[index] = matched;
  }
  const found: number[] = [];
  for (let index = 0, matched = 0; index < sequence.length; index++) {
    while (matched > 0 && sequence[index] !== pattern[matched]) matched = fallback[matched - 1] ?? 0;
    if (sequence[index] === pattern[matched]) matched++;
    if (matched === pattern.length) {
      found.push(index - pattern.length + 1);
      matched = fallback[matched - 1] ?? 0;
    }
  }
  return found;
}
