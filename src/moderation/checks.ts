import { trimEndChars } from '../text/trim-end';
import { actionRank, type ModAction, type ParsedRules } from './rules';

export interface CheckInput {
  content: string;
  /** Users and roles mentioned in the message. */
  mentionCount: number;
  /** The member wrote @everyone or @here. */
  mentionsEveryone: boolean;
  /** This user's recent messages in the guild, newest last, not including this one. */
  recentFromUser: { content: string; at: number }[];
  now: number;
}

export type ViolationKind = 'banned-term' | 'invite' | 'link' | 'mentions' | 'flood';

export interface Violation {
  /** The rules line it breaks. */
  rule: string;
  /** A human sentence. */
  reason: string;
  action: ModAction;
  /** The offending words as they appear in the message. */
  quote: string;
  kind: ViolationKind;
}

/** Common endings of bare domains ("example.com"); file extensions that are also TLDs (.py, .md, .sh, .zip) are left out. */
export const BARE_LINK_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'io', 'gg', 'co', 'me', 'ai', 'app', 'dev', 'xyz', 'info', 'biz', 'ly', 'tv', 'gl',
  'cc', 'ws', 'su', 'ru', 'cn', 'uk', 'us', 'eu', 'de', 'fr', 'nl', 'ca', 'au', 'br', 'jp', 'top', 'site', 'online',
  'store', 'shop', 'club', 'live', 'link', 'click', 'fun', 'icu', 'vip', 'win', 'bet', 'today', 'tk', 'ml', 'ga', 'cf',
  'pw', 'lol', 'gift', 'gifts', 'one', 'pro', 'art', 'blog', 'news', 'page', 'tech', 'space', 'website',
]);

const MAX_QUOTE_CHARS = 200;
// Spelled-out letters further apart than this are separate letters, not one disguised word.
const MAX_SPELLED_GAP = 3;

const DISCORD_MARKUP = /<@!?\d+>|<@&\d+>|<#\d+>|<a?:\w+:\d+>|<\/[\w -]+:\d+>|<t:-?\d+(?::[tTdDfFR])?>/gu;
const MENTION_MARKUP = /<@!?\d+>|<@&\d+>/gu;
const EVERYONE = /@(?:everyone|here)/iu;
const WORD_CHAR = /[\p{L}\p{N}@$]/u;
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const INVITE =
  /(?<![\w.-])(?:https?:\/\/)?(?:(?:www|ptb|canary)\.)?(?:discord(?:app)?\s*\.\s*com\/invite|discord\s*\.\s*gg(?:\/invite)?)\/[a-z0-9-]{2,}/iu;
const SCHEME_URL = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const BARE_DOMAIN = /(?<![\p{L}\p{N}@.\-_/])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?![\p{L}\p{N}\-_@])(?:[/?#][^\s<>"'`]*)?/giu;
// Trimmed with trimEndChars, not a `[…]+$` regex, which is quadratic on a long run of them inside a link.
const TRAILING_URL_PUNCTUATION = '.,;:!?)]}>\'"*_~';

/** The strongest rule the message breaks (ties go to the earlier kind: banned term, invite, link, mentions, flood), or null. */
export function checkMessage(rules: ParsedRules, input: CheckInput): Violation | null {
  // Listed in tie-break order: the first of equally strong violations is reported.
  const found = [
    bannedTermViolation(rules, input.content),
    inviteViolation(rules, input.content),
    linkViolation(rules, input.content),
    mentionViolation(rules, input),
    floodViolation(rules, input),
  ].filter((violation): violation is Violation => violation !== null);
  let strongest: Violation | null = null;
  for (const violation of found) {
    if (strongest === null || actionRank(violation.action) > actionRank(strongest.action)) strongest = violation;
  }
  return strongest;
}

/** The form two messages are compared in for flood: case, width, invisible characters and spacing ignored. */
export function normaliseForFlood(content: string): string {
  return content.normalize('NFKC').replace(/\p{Cf}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Where a banned term occurs in a message, as written there, or null. */
export function findTerm(content: string, term: string): string | null {
  return matchTerm(wordsOf(content), term)?.quote ?? null;
}

function bannedTermViolation(rules: ParsedRules, content: string): Violation | null {
  if (rules.bannedTerms.length === 0) return null;
  const words = wordsOf(content);
  let strongest: Violation | null = null;
  for (const banned of rules.bannedTerms) {
    if (strongest !== null && actionRank(banned.action) <= actionRank(strongest.action)) continue;
    const match = matchTerm(words, banned.term);
    if (match === null) continue;
    strongest = {
      rule: banned.line,
      reason: `Uses the banned term "${banned.term}".`,
      action: banned.action,
      quote: clip(match.quote),
      kind: 'banned-term',
    };
  }
  return strongest;
}

interface MessageWords {
  text: string;
  words: Word[];
  runs: Runs[];
}

// A term matches word for word, or, when it has several words, as one word ("freenitro").
function matchTerm(message: MessageWords, term: string): { quote: string } | null {
  const termWords = wordsOf(term).words;
  if (termWords.length === 0) return null;
  const termRuns = termWords.map((word) => runsOf(word.text));
  const joined = runsOf(termWords.map((word) => word.text).join(''));
  for (let start = 0; start < message.words.length; start += 1) {
    const wordForWord = termRuns.every((runs, offset) => {
      const candidate = message.runs[start + offset];
      return candidate !== undefined && coversRuns(candidate, runs);
    });
    const asOneWord = termRuns.length > 1 && coversRuns(message.runs[start] ?? NO_RUNS, joined);
    const first = message.words[start];
    const last = message.words[start + (wordForWord ? termRuns.length : 1) - 1];
    if ((wordForWord || asOneWord) && first !== undefined && last !== undefined) return { quote: message.text.slice(first.start, last.end) };
  }
  return null;
}

function inviteViolation(rules: ParsedRules, content: string): Violation | null {
  if (rules.noInvites === null) return null;
  const invite = INVITE.exec(content);
  if (invite === null) return null;
  return { rule: rules.noInvites.line, reason: 'Posts a Discord invite link.', action: rules.noInvites.action, quote: clip(invite[0]), kind: 'invite' };
}

function linkViolation(rules: ParsedRules, content: string): Violation | null {
  const noLinks = rules.noLinks;
  if (noLinks === null) return null;
  const allowed = (host: string) =>
    LOOPBACK_HOST.test(host) || noLinks.allowedDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
  // Discord does not make links inside code clickable, so code (`self.app`, a curl example) is not a link.
  for (const link of linksIn(withoutCode(content))) {
    if (allowed(link.host)) continue;
    return { rule: noLinks.line, reason: `Posts a link to ${link.host}, and links are not allowed here.`, action: noLinks.action, quote: clip(link.text), kind: 'link' };
  }
  return null;
}

function mentionViolation(rules: ParsedRules, input: CheckInput): Violation | null {
  const mentions = rules.mentions;
  if (mentions === null) return null;
  if (mentions.forbidEveryone && input.mentionsEveryone) {
    const written = EVERYONE.exec(input.content);
    return {
      rule: mentions.line,
      reason: 'Mentions @everyone or @here.',
      action: mentions.action,
      quote: written?.[0] ?? clip(input.content.trim()),
      kind: 'mentions',
    };
  }
  if (!(input.mentionCount > mentions.max)) return null;
  const markup = [...input.content.matchAll(MENTION_MARKUP)];
  const first = markup[0];
  const last = markup[markup.length - 1];
  const quote = first !== undefined && last !== undefined ? input.content.slice(first.index, last.index + last[0].length) : input.content.trim();
  return {
    rule: mentions.line,
    reason: `Mentions ${input.mentionCount} users or roles in one message; the limit is ${mentions.max}.`,
    action: mentions.action,
    quote: clip(quote),
    kind: 'mentions',
  };
}

function floodViolation(rules: ParsedRules, input: CheckInput): Violation | null {
  const flood = rules.flood;
  if (flood === null) return null;
  const key = normaliseForFlood(input.content);
  // A message with no text (an image, a sticker) is not "the same message" as another one.
  if (key === '') return null;
  // Messages stamped slightly after `now` (clock skew) are still recent.
  const repeats = input.recentFromUser.filter((message) => input.now - message.at <= flood.windowMs && normaliseForFlood(message.content) === key).length;
  if (repeats + 1 < flood.count) return null;
  return {
    rule: flood.line,
    reason: `Sent the same message ${repeats + 1} times within ${formatWindow(flood.windowMs)}.`,
    action: flood.action,
    quote: clip(input.content.trim()),
    kind: 'flood',
  };
}

interface Link {
  text: string;
  host: string;
}

/** A member's own machine (localhost, 127.x, ::1) is nobody's link to follow. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/u;

/** The text with fenced code blocks and inline code spans blanked out (same length, so quotes stay aligned). */
function withoutCode(content: string): string {
  return content.replace(/```[\s\S]*?(?:```|$)|`[^`\n]*`/gu, (code) => ' '.repeat(code.length));
}

/** Links with an http(s) scheme, then bare domains (www.… or a common ending) in the rest of the text. */
function linksIn(content: string): Link[] {
  const links: Link[] = [];
  const rest = content.replace(SCHEME_URL, (url) => {
    const text = trimEndChars(url, TRAILING_URL_PUNCTUATION);
    const host = hostOf(text.replace(/^https?:\/\//iu, ''));
    if (host !== null) links.push({ text, host });
    return ' '.repeat(url.length);
  });
  for (const match of rest.matchAll(BARE_DOMAIN)) {
    const text = trimEndChars(match[0], TRAILING_URL_PUNCTUATION);
    const tld = (match[1] ?? '').toLowerCase();
    const host = hostOf(text);
    if (host === null || !(BARE_LINK_TLDS.has(tld) || text.toLowerCase().startsWith('www.'))) continue;
    links.push({ text, host });
  }
  return links;
}

function hostOf(rest: string): string | null {
  const host = trimEndChars(
    rest
      .replace(/[/?#\\].*$/su, '')
      .replace(/^.*@/su, '')
      .replace(/:\d*$/u, ''),
    '.',
  ).toLowerCase();
  return /[\p{L}\p{N}]/u.test(host) ? host : null;
}

interface Word {
  /** Lower-cased, accents and disguises removed. */
  text: string;
  /** Where the word is in the original text. */
  start: number;
  end: number;
}

/** The words of a text as banned terms are matched (see the rules format in ./rules). */
function wordsOf(text: string): MessageWords {
  const masked = text.replace(DISCORD_MARKUP, (markup) => ' '.repeat(markup.length));
  const chunks: Word[] = [];
  let current: Word | null = null;
  let index = 0;
  for (const original of masked) {
    const start = index;
    index += original.length;
    const folded = original.toLowerCase().normalize('NFKD').replace(/[\p{M}\p{Cf}]/gu, '');
    // Accents, zero-width and other invisible characters vanish instead of splitting a word.
    if (folded === '') continue;
    for (const char of folded) {
      if (!WORD_CHAR.test(char)) {
        current = null;
        continue;
      }
      if (current === null) {
        current = { text: '', start, end: index };
        chunks.push(current);
      }
      current.text += char;
      current.end = index;
    }
  }

  // Runs of single characters close together are one spelled-out word: "f.r.e.e", "f r e e".
  const merged: Array<Word & { spelled: boolean }> = [];
  for (const chunk of chunks) {
    const single = [...chunk.text].length === 1;
    const last = merged[merged.length - 1];
    if (
      single &&
      last !== undefined &&
      last.spelled &&
      chunk.start - last.end <= MAX_SPELLED_GAP &&
      !/[\r\n]/u.test(text.slice(last.end, chunk.start))
    ) {
      last.text += chunk.text;
      last.end = chunk.end;
    } else {
      merged.push({ ...chunk, spelled: single });
    }
  }

  const words = merged
    .map(({ text: word, start, end }) => ({ text: /\p{L}/u.test(word) ? [...word].map((char) => LEET[char] ?? char).join('') : word, start, end }))
    .filter((word) => /[\p{L}\p{N}]/u.test(word.text));
  return { text, words, runs: words.map((word) => runsOf(word.text)) };
}

interface Runs {
  /** The word with each run of a repeated character written once. */
  key: string;
  /** How many times each character of key was repeated. */
  counts: number[];
}

const NO_RUNS: Runs = { key: '\u0000', counts: [] };

function runsOf(word: string): Runs {
  let key = '';
  const counts: number[] = [];
  let previous = '';
  for (const char of word) {
    if (char === previous) {
      counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
    } else {
      key += char;
      counts.push(1);
      previous = char;
    }
  }
  return { key, counts };
}

// A message word covers a term word when it repeats each letter at least as often ("freeee" covers "free", "as" not "ass").
function coversRuns(word: Runs, term: Runs): boolean {
  return word.key === term.key && term.counts.every((count, index) => (word.counts[index] ?? 0) >= count);
}

function clip(text: string): string {
  return [...text].slice(0, MAX_QUOTE_CHARS).join('');
}

function formatWindow(windowMs: number): string {
  const seconds = Math.round(windowMs / 1000);
  if (seconds % 60 === 0 && seconds >= 60) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
