/**
 * The owner's moderation rules (`moderation.rules` in the guild settings): plain text, one rule per line.
 *
 * Keys are case-insensitive. Blank lines and lines starting with `#` are ignored. A line may start with a
 * list marker (`-`, `*`, `•`, `1.`, `1)`), which is skipped when looking for a key.
 *
 * Rules Herald checks by itself (no language model needed):
 *
 * | line | meaning | default action |
 * |---|---|---|
 * | `banned words: scam, free nitro, idiot` | these words or phrases may not be used | delete |
 * | `banned phrases: "click this link", "dm me for"` | same, items quoted or comma-separated | delete |
 * | `no invites` | no Discord invite links (discord.gg/…, discord.com/invite/…, discordapp.com/invite/…) | delete |
 * | `no links` | no links: any http(s) URL, `www.` address, or bare domain with a common ending (.com, .net, .org, .io, .gg, …) such as example.com/path; file names like README.md are not links | delete |
 * | `allowed links: docs.acme.com, github.com` | exceptions to `no links`; subdomains are allowed too | — |
 * | `max mentions: 5` | at most 5 user and role mentions in one message (1–100) | delete |
 * | `no mass mentions` | @everyone / @here are forbidden, and at most 5 mentions unless `max mentions` says otherwise | delete |
 * | `flood: 4 in 10s` | the same message sent 4 times within 10 seconds (2–50 times, 1 s–1 h; units s, sec, seconds, m, min, minutes) | timeout |
 * | `no flood` or `no spam` | the same as `flood: 4 in 10s` | timeout |
 * | `escalate: warn, timeout, kick` | repeated violations by one member within 24 hours climb these steps | — |
 *
 * Any of the rule lines above may end with `=> delete`, `=> warn`, `=> timeout`, `=> kick` or `=> ban` to
 * choose its action, e.g. `banned words: scam => ban`. An action is only taken when it is also enabled in
 * `moderation.actions`; otherwise the strongest enabled action that is not stronger is taken, or none.
 *
 * Banned words and phrases match whole words, ignoring case and accents, and see through simple
 * disguises: repeated letters ("freeeee" matches "free"), single letters spelled out with spaces or
 * punctuation ("f.r.e.e", "f r e e", up to three characters apart), invisible characters, and leetspeak
 * inside words that contain a letter (0→o 1→i 3→e 4→a 5→s 7→t @→a $→s, so "fr33" and "$cam" match but a
 * lone "5" does not). A phrase also matches written as one word ("freenitro"). They never match inside
 * another word: banned "ass" does not match "class" or "assistant", and "idiot" does not match "idiots"
 * (list plurals separately). Discord mentions and custom emoji are ignored.
 *
 * Spelling variants: `banned word:`, `banned phrase:`; `no invite links`, `no discord invites`; `allowed domains:`;
 * `maximum mentions:`; `no flooding`, `no spamming`. A trailing full stop on a one-phrase rule is ignored.
 * Banned words and phrases from several lines add up (a term listed twice keeps its first line); for
 * `no invites`, `no links`, `flood` and `escalate` the last line wins. `max mentions` and `no mass mentions`
 * together form one rule: its action is the one on the `no mass mentions` line, else on `max mentions`,
 * else delete.
 *
 * Escalation: a member's first violation in 24 hours gets the rule's own action; the second gets at least
 * the first step, the third at least the second step, and so on, staying on the last step.
 *
 * A rule may also be one sentence of a longer line: `No crypto scams. Banned words: crypto-scam, free-nitro`
 * enforces the banned words by itself (quoted as that sentence) and keeps "No crypto scams." as a rule in your
 * own words. Sentences end at `.`, `!`, `?` or `;` followed by a space, never inside double quotes; a sentence
 * counts only when it is exactly one of the rules above (plus an optional `=> action`), so "No invites unless a
 * mod said yes" stays a rule for the model.
 *
 * Every other line is a rule in your own words ("- Be respectful", "No NSFW content"); with a language
 * model enabled, messages are judged against those too. A line that looks like a rule above but does not
 * parse (e.g. `max mentions: lots`, `no invites => mute`) is also kept as a rule in your own words.
 *
 * Example:
 *
 * ```
 * # Herald moderation
 * banned words: scam, free nitro, idiot
 * banned phrases: "click this link", "dm me for" => warn
 * no invites => timeout
 * no links
 * allowed links: docs.acme.com, github.com
 * no mass mentions
 * no spam
 * escalate: warn, timeout, kick
 * - Be respectful to everyone.
 * - No NSFW content.
 * ```
 */

export type ModAction = 'delete' | 'warn' | 'timeout' | 'kick' | 'ban';

/** Weakest first: delete < warn < timeout < kick < ban. */
export const ACTION_ORDER: readonly ModAction[] = Object.freeze(['delete', 'warn', 'timeout', 'kick', 'ban']);

export interface ParsedRules {
  bannedTerms: { term: string; action: ModAction; line: string }[];
  noInvites: { action: ModAction; line: string } | null;
  noLinks: { action: ModAction; line: string; allowedDomains: string[] } | null;
  mentions: { max: number; forbidEveryone: boolean; action: ModAction; line: string } | null;
  flood: { count: number; windowMs: number; action: ModAction; line: string } | null;
  escalation: ModAction[];
  /** Rules in the owner's own words, for the AI judge, in order. */
  freeText: string[];
}

export const DEFAULT_MAX_MENTIONS = 5;
export const DEFAULT_FLOOD = Object.freeze({ count: 4, windowMs: 10_000 });

const MAX_MENTIONS_LIMIT = 100;
const FLOOD_COUNT = { min: 2, max: 50 } as const;
const FLOOD_WINDOW_MS = { min: 1_000, max: 3_600_000 } as const;
// Longer "terms" are pasted paragraphs, not words; they would only slow every message down.
const MAX_TERM_CHARS = 100;

const LIST_MARKER = /^(?:[-*•]|\d{1,3}[.)])\s+/u;
const BANNED = /^banned\s+(?:words?|phrases?)\s*:\s*(.*)$/isu;
const NO_INVITES = /^no\s+(?:invites|invite\s+links|discord\s+invites)$/iu;
const NO_LINKS = /^no\s+links$/iu;
const ALLOWED_LINKS = /^allowed\s+(?:links|domains)\s*:\s*(.*)$/isu;
const MAX_MENTIONS = /^max(?:imum)?\s+mentions\s*:\s*(\d{1,6})$/iu;
const NO_MASS_MENTIONS = /^no\s+mass\s+mentions$/iu;
// The unit word carries its own trailing spaces: two `\s*` around an optional word split a run of spaces in
// quadratically many ways before failing.
const FLOOD = /^flood\s*:\s*(\d{1,6})\s*(?:(?:messages?|times?|x)\s*)?(?:in|per|\/)\s*(\d{1,9})\s*(s|secs?|seconds?|m|mins?|minutes?)?$/iu;
const NO_FLOOD = /^no\s+(?:flood|flooding|spam|spamming)$/iu;
const ESCALATE = /^escalate\s*:\s*(.*)$/isu;
// Trailing sentence punctuation on a one-phrase rule ("No invites.") is not part of the key.
const TRAILING_PUNCTUATION = '.!;';

export function isModAction(value: unknown): value is ModAction {
  return typeof value === 'string' && (ACTION_ORDER as readonly string[]).includes(value);
}

/** 0 for delete up to 4 for ban. */
export function actionRank(action: ModAction): number {
  return ACTION_ORDER.indexOf(action);
}

/** Reads the owner's rules text; never throws. Anything it does not recognise is kept as free text. */
export function parseRules(text: string): ParsedRules {
  const state: ParseState = {
    rules: { bannedTerms: [], noInvites: null, noLinks: null, mentions: null, flood: null, escalation: [], freeText: [] },
    seenTerms: new Set<string>(),
    allowedDomains: [],
    maxMentions: null,
    massMentions: null,
  };
  const rules = state.rules;

  for (const rawLine of String(text ?? '').split(/\r\n|\r|\n/u)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.replace(LIST_MARKER, '');
    const sentences = splitSentences(body);
    // A one-sentence line is quoted whole (list marker included), as it always was.
    if (sentences.length <= 1) {
      if (!parseClause(state, body, line)) rules.freeText.push(line);
      continue;
    }
    // Several sentences: each one Herald can check by itself becomes its own rule, quoted as that sentence;
    // the rest of the line stays, together, a rule in the owner's own words for the model.
    const leftover = sentences.filter((sentence) => !parseClause(state, sentence, sentence));
    if (leftover.length === sentences.length) rules.freeText.push(line);
    else if (leftover.length > 0) rules.freeText.push(leftover.join(' '));
  }

  if (rules.noLinks !== null) rules.noLinks.allowedDomains = state.allowedDomains;
  const { maxMentions, massMentions } = state;
  if (maxMentions !== null || massMentions !== null) {
    // The "no mass mentions" line names the broader rule, so it is the one quoted when both are present.
    const line = massMentions?.line ?? maxMentions?.line ?? '';
    const action = massMentions?.action ?? maxMentions?.action ?? 'delete';
    rules.mentions = { max: maxMentions?.max ?? DEFAULT_MAX_MENTIONS, forbidEveryone: massMentions !== null, action, line };
  }
  return rules;
}

interface ParseState {
  rules: ParsedRules;
  seenTerms: Set<string>;
  allowedDomains: string[];
  maxMentions: { max: number; action: ModAction | null; line: string } | null;
  massMentions: { action: ModAction | null; line: string } | null;
}

/**
 * Reads one clause (a line, or one sentence of a line) as a rule Herald checks by itself; `quoted` is what
 * the log and the preview show for it. Returns false when it is not one (it is then free text).
 */
function parseClause(state: ParseState, body: string, quoted: string): boolean {
  // Every key starts with one of these letters (banned, no, max, flood, allowed, escalate): a line of many
  // short sentences is then read in one cheap look at each.
  if (!CLAUSE_START.test(body)) return false;
  const rules = state.rules;
  const line = quoted;
  const suffix = actionSuffix(body);
  const explicit = suffix === null ? null : trimEndChars(suffix.word, TRAILING_PUNCTUATION).toLowerCase();
  // "=> mute" is not an action Herald knows, so the line is not a rule it can enforce by itself.
  if (explicit !== null && !isModAction(explicit)) return false;
  const action: ModAction | null = explicit;
  const key = (suffix === null ? body : body.slice(0, suffix.index)).trim();
  const flag = trimEndChars(key, TRAILING_PUNCTUATION).trim();

  const banned = BANNED.exec(key);
  if (banned !== null) {
    // A sentence's own full stop ends the sentence, not the last term.
    for (const item of listItems(trimEndChars(banned[1] ?? '', TRAILING_PUNCTUATION))) {
      const dedupeKey = item.toLowerCase().replace(/\s+/gu, ' ');
      if (item.length > MAX_TERM_CHARS || !/[\p{L}\p{N}]/u.test(item) || state.seenTerms.has(dedupeKey)) continue;
      state.seenTerms.add(dedupeKey);
      rules.bannedTerms.push({ term: item, action: action ?? 'delete', line });
    }
    return true;
  }
  if (NO_INVITES.test(flag)) {
    rules.noInvites = { action: action ?? 'delete', line };
    return true;
  }
  if (NO_LINKS.test(flag)) {
    rules.noLinks = { action: action ?? 'delete', line, allowedDomains: [] };
    return true;
  }
  const mentionLimit = MAX_MENTIONS.exec(flag);
  if (mentionLimit !== null) {
    const max = Number(mentionLimit[1]);
    if (max >= 1 && max <= MAX_MENTIONS_LIMIT) {
      state.maxMentions = { max, action, line };
      return true;
    }
  }
  if (NO_MASS_MENTIONS.test(flag)) {
    state.massMentions = { action, line };
    return true;
  }
  const flood = FLOOD.exec(flag);
  if (flood !== null) {
    const count = Number(flood[1]);
    const windowMs = Number(flood[2]) * (/^m/iu.test(flood[3] ?? 's') ? 60_000 : 1_000);
    if (count >= FLOOD_COUNT.min && count <= FLOOD_COUNT.max && windowMs >= FLOOD_WINDOW_MS.min && windowMs <= FLOOD_WINDOW_MS.max) {
      rules.flood = { count, windowMs, action: action ?? 'timeout', line };
      return true;
    }
  }
  if (NO_FLOOD.test(flag)) {
    rules.flood = { ...DEFAULT_FLOOD, action: action ?? 'timeout', line };
    return true;
  }
  // Escalation steps and link exceptions are not rules themselves, so "=> action" makes no sense there.
  if (action === null) {
    const allowed = ALLOWED_LINKS.exec(flag);
    if (allowed !== null) {
      for (const item of listItems(allowed[1] ?? '')) {
        const domain = domainOf(item);
        if (domain !== null && !state.allowedDomains.includes(domain)) state.allowedDomains.push(domain);
      }
      return true;
    }
    const escalate = ESCALATE.exec(flag);
    if (escalate !== null) {
      const steps = listItems(escalate[1] ?? '').map((item) => item.toLowerCase());
      if (steps.length > 0 && steps.every(isModAction)) {
        rules.escalation = steps;
        return true;
      }
    }
  }
  return false;
}

/**
 * A line's sentences: cut after `.`, `!`, `?` or `;` followed by a space, never inside double quotes (a
 * quoted banned phrase may hold a full stop). Dots inside words ("docs.acme.com", "4.5") do not cut.
 */
export function splitSentences(text: string): string[] {
  // Most lines hold one sentence: no scan at all then.
  if (!SENTENCE_BREAK.test(text)) return text.trim() === '' ? [] : [text.trim()];
  const sentences: string[] = [];
  let start = 0;
  let quoted = false;
  // Jumps from one quote or sentence end to the next (one pass; the regex has no backtracking).
  for (const match of text.matchAll(SENTENCE_MARKS)) {
    const char = match[0];
    const index = match.index;
    if (char === '"' || char === '“' || char === '”') {
      quoted = char === '“' ? true : char === '”' ? false : !quoted;
      continue;
    }
    if (quoted) continue;
    const next = text.charAt(index + 1);
    if (next !== '' && !WHITESPACE.test(next)) continue;
    const sentence = text.slice(start, index + 1).trim();
    if (sentence !== '') sentences.push(sentence);
    start = index + 1;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}

const SENTENCE_BREAK = /[.!?;]\s/u;
const CLAUSE_START = /^[bnmfae]/iu;
const SENTENCE_MARKS = /[.!?;"“”]/gu;


/**
 * The "=> action" at the end of a rule line: the first "=>" after which only one word (and spaces) follows,
 * as `/\s*=>\s*(\S*)\s*$/` found it, but in one pass (that regex was quadratic on runs of spaces or "=>").
 */
function actionSuffix(body: string): { index: number; word: string } | null {
  const text = body.trimEnd();
  let wordStart = text.length;
  while (wordStart > 0 && !WHITESPACE.test(text.charAt(wordStart - 1))) wordStart--;
  let spaceStart = wordStart;
  while (spaceStart > 0 && WHITESPACE.test(text.charAt(spaceStart - 1))) spaceStart--;
  if (spaceStart < wordStart && text.slice(spaceStart - 2, spaceStart) === '=>' && spaceStart >= 2) {
    return { index: spaceStart - 2, word: text.slice(wordStart) };
  }
  const inWord = text.indexOf('=>', wordStart);
  return inWord === -1 ? null : { index: inWord, word: text.slice(inWord + 2) };
}

const WHITESPACE = /\s/u;

// Same as src/text/trim-end (this file is also loaded by Node scripts, which need explicit import paths).
function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Comma-separated items; double-quoted items may contain commas; one layer of surrounding quotes is removed. */
function listItems(text: string): string[] {
  const items: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === ',' || /\s/u.test(char)) {
      index += 1;
      continue;
    }
    if (char === '"' || char === '“') {
      const close = findClosingQuote(text, index + 1);
      items.push(text.slice(index + 1, close).trim());
      index = close + 1;
      continue;
    }
    const comma = text.indexOf(',', index);
    const end = comma === -1 ? text.length : comma;
    items.push(stripQuotes(text.slice(index, end).trim()));
    index = end + 1;
  }
  return items.filter((item) => item.length > 0);
}

function findClosingQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '"' || text[index] === '”') return index;
  }
  return text.length;
}

function stripQuotes(item: string): string {
  const pairs: Array<[string, string]> = [["'", "'"], ['‘', '’'], ['"', '"'], ['“', '”']];
  for (const [open, close] of pairs) {
    if (item.length >= 2 && item.startsWith(open) && item.endsWith(close)) return item.slice(open.length, -close.length).trim();
  }
  return item;
}

/** "https://www.GitHub.com/org" → "github.com"; null when it is not a host name. */
export function domainOf(text: string): string | null {
  let host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//u, '')
    .replace(/^[^/?#]*@/u, '')
    .replace(/[/?#][^]*$/u, '')
    .replace(/:\d*$/u, '');
  host = trimEndChars(host, '.')
    .replace(/^\*\./u, '')
    .replace(/^www\./u, '');
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u.test(host)) return null;
  return host;
}
