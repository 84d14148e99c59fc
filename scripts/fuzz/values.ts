// Junk values and malformed JSON text for the fuzzer: odd numbers, strings that break naive code, deep and
// huge documents. Plain data only (no Node imports), so workerd can load it for the smoke test.
import type { FuzzRandom } from './random.js';

/** Largest body the fuzzer sends: a little over the worker's 1 MiB request limit, to exercise the 413 path. */
export const HUGE_BODY_CHARS = 1024 * 1024 + 4096;
/** Nesting depths tried for deep JSON. */
export const DEEP_JSON_DEPTHS = [64, 1_000, 10_000, 100_000] as const;

/** Number spellings as JSON text (some are not JSON at all). */
export const NUMBER_TEXTS = ['0', '-1', '2.5', '-0', '1e309', '-1e309', '1e-400', '9007199254740993', 'NaN', 'Infinity', '0x10', '01', '1e21', '.5', '+1'];

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '👍'.repeat(10),
  '@everyone @here',
  '<@&123456789012345678>',
  "'; DROP TABLE settings; --",
  '"quoted"',
  '../../etc/passwd',
  '%00%2F%2e%2e',
  '<script>alert(1)</script>',
  'null',
  'NaN',
  '__proto__',
  '\u202e\u200b',
  'a'.repeat(2001),
  'Banned words: crypto-scam, free-nitro',
];

export function oddString(r: FuzzRandom): string {
  if (r.chance(0.1)) return r.snowflake();
  if (r.chance(0.02)) return 'x'.repeat(r.int(10_000, 70_000));
  return r.pick(ODD_STRINGS);
}

export function oddNumber(r: FuzzRandom): number {
  return r.pick([0, -1, 2.5, -0, 1e21, Number.MAX_SAFE_INTEGER + 2, 1e-7, 2 ** 31, -(2 ** 53), 0.1 + 0.2]);
}

/** A random JSON value up to `depth` levels deep. */
export function junkValue(r: FuzzRandom, depth = 3): unknown {
  const kind = r.int(0, depth > 0 ? 7 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return oddNumber(r);
    case 3:
    case 4:
      return oddString(r);
    case 5:
      return Array.from({ length: r.int(0, 4) }, () => junkValue(r, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i--) out[r.pick(['a', 'id', 'type', 'content', '__proto__', 'constructor', 'toString', oddString(r).slice(0, 20)])] = junkValue(r, depth - 1);
      return out;
    }
  }
}

/** Deeply nested JSON text (arrays or objects). */
export function deepJson(r: FuzzRandom): string {
  const depth = r.pick(DEEP_JSON_DEPTHS);
  return r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON object text whose one string field is huge. */
export function hugeJson(r: FuzzRandom, field = 'content'): string {
  return JSON.stringify({ title: 'huge', [field]: r.pick(['a', '€', '\\', '"']).repeat(r.int(HUGE_BODY_CHARS / 8, HUGE_BODY_CHARS)) });
}

/** Breaks valid JSON text in one of the ways clients and attackers do. */
export function breakJson(r: FuzzRandom, text: string): string {
  switch (r.int(0, 9)) {
    case 0:
      return text.slice(0, r.int(0, Math.max(0, text.length - 1)));
    case 1:
      return text.replace(/}$/, ',}');
    case 2:
      return text.replace(/"/g, "'");
    case 3:
      return '\ufeff' + text;
    case 4:
      return `/* comment */ ${text}`;
    case 5:
      return text.replace(/:\s*("[^"]*"|[-\d.e+]+|true|false|null)/, `:${r.pick(NUMBER_TEXTS)}`);
    case 6:
      return text.replace(/^\{/, '{"a":1,"a":2,');
    case 7:
      return `${text}${text}`;
    case 8:
      return r.pick(['', ' ', 'null', 'undefined', '[]', '{}', '"{}"', 'true', '0', '{', '}', '[', '{"', '\u0000']);
    default:
      return r.pick(NUMBER_TEXTS);
  }
}

/** Randomly deletes or replaces fields of an object tree, in place; returns a note of what changed. */
export function mutateObject(r: FuzzRandom, root: Record<string, unknown>, times: number): string[] {
  const notes: string[] = [];
  for (let i = 0; i < times; i++) {
    const path: string[] = [];
    let node: Record<string, unknown> = root;
    // Walk down a random branch of nested objects.
    for (;;) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = r.pick(keys);
      const child = node[key];
      if (child !== null && typeof child === 'object' && !Array.isArray(child) && r.chance(0.5)) {
        path.push(key);
        node = child as Record<string, unknown>;
        continue;
      }
      path.push(key);
      const action = r.int(0, 2);
      if (action === 0) {
        delete node[key];
        notes.push(`-${path.join('.')}`);
      } else {
        node[key] = action === 1 ? junkValue(r, 2) : r.pick([null, '', 0, [], {}, '1', true]);
        notes.push(`~${path.join('.')}`);
      }
      break;
    }
  }
  return notes;
}
