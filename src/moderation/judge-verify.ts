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
function originalSpelling(quote: string, message: string): string {
  const pattern = quote
    .split(/\s+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .join('\\s+');
  return new RegExp(pattern, 'iu').exec(message)?.[0] ?? quote;
}
