// robots.txt (RFC 9309) as pure functions: parse once per sync, then ask for each page. Groups for the product
// token "herald" apply, else those for "*"; the longest matching rule wins, allow on a tie. Linear scans only:
// the file comes from someone else's server.

import { MAX_ROBOTS_BYTES, ROBOTS_PRODUCT_TOKEN } from './limits';

interface Rule {
  allow: boolean;
  pattern: string;
}

export interface RobotsRules {
  rules: Rule[];
}

/** Longest rule pattern considered (longer ones are ignored): real paths are far shorter. */
const MAX_PATTERN_CHARS = 1_000;
/** Rules kept for the applicable groups; a file with more is cut (the rest is ignored). */
const MAX_RULES = 2_000;

export const ALLOW_ALL: RobotsRules = { rules: [] };

/** The rules that apply to Herald in a robots.txt body. */
export function parseRobots(text: string, productToken = ROBOTS_PRODUCT_TOKEN): RobotsRules {
  const ours: Rule[] = [];
  const star: Rule[] = [];
  let agents: string[] = [];
  let inRules = false;
  let hasOwnGroup = false;
  const body = text.length > MAX_ROBOTS_BYTES ? text.slice(0, MAX_ROBOTS_BYTES) : text;
  for (const rawLine of body.split('\n')) {
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      // A user-agent line after rules starts a new group.
      if (inRules) {
        agents = [];
        inRules = false;
      }
      const token = agentToken(value);
      if (token === productToken) hasOwnGroup = true;
      agents.push(token);
      continue;
    }
    if (key !== 'allow' && key !== 'disallow') continue;
    inRules = true;
    // An empty disallow allows everything; an empty allow says nothing.
    if (value === '' || value.length > MAX_PATTERN_CHARS) continue;
    const rule = { allow: key === 'allow', pattern: value };
    if (agents.includes(productToken)) {
      if (ours.length < MAX_RULES) ours.push(rule);
    } else if (agents.includes('*')) {
      if (star.length < MAX_RULES) star.push(rule);
    }
  }
  return { rules: hasOwnGroup ? ours : star };
}

/** "Herald/1.0" and "herald" name the same crawler; matching ignores case. */
function agentToken(value: string): string {
  const trimmed = value.trim().toLowerCase();
  let end = 0;
  while (end < trimmed.length && trimmed[end] !== '/' && trimmed[end] !== ' ' && trimmed[end] !== '\t') end++;
  return trimmed.slice(0, end);
}

/** May Herald fetch this URL? `/robots.txt` itself always may be. */
export function robotsAllow(rules: RobotsRules, url: URL): boolean {
  const path = `${url.pathname}${url.search}`;
  if (url.pathname === '/robots.txt') return true;
  let best: Rule | null = null;
  for (const rule of rules.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    const length = rule.pattern.length;
    const bestLength = best ? best.pattern.length : -1;
    if (length > bestLength || (length === bestLength && rule.allow && !best!.allow)) best = rule;
  }
  return best === null || best.allow;
}

/**
 * `*` matches any run of characters and a final `$` anchors the end (RFC 9309 §2.2.3). The pattern is split
 * at `*` and each literal piece found leftmost with indexOf: for `*`-only globs that is exact, and it never
 * backtracks, so a hostile pattern costs at most one scan of the path per piece.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const pieces = body.split('*').map(normaliseEncoding);
  const target = normaliseEncoding(path);
  const first = pieces[0]!;
  if (!target.startsWith(first)) return false;
  if (pieces.length === 1) return anchored ? target.length === first.length : true;
  let position = first.length;
  const last = pieces[pieces.length - 1]!;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const found = target.indexOf(piece, position);
    if (found < 0) return false;
    position = found + piece.length;
  }
  if (anchored) return target.length - last.length >= position && target.endsWith(last);
  return last === '' || target.indexOf(last, position) >= 0;
}

/** Percent-escapes compare regardless of hex case ("%2f" is "%2F"); unescaped characters are left alone. */
function normaliseEncoding(text: string): string {
  if (!text.includes('%')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' &&  isHex(text[i + 1]) && isHex(text[i + 2])) {
      out += `%${text[i + 1]!.toUpperCase()}${text[i + 2]!.toUpperCase()}`;
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

function isHex(char: string | undefined): boolean {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char);
}
