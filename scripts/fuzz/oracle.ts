// What counts as a fuzz failure, as pure functions over what was sent and what came back; and the summary.
import { UNAUTHENTICATED_CATEGORIES, type FuzzCase, type FuzzCategory, type HttpCase } from './cases.js';

export type FindingKind =
  /** 5xx from the worker. */
  | 'server-error'
  /** The connection failed or timed out: the worker crashed or hung on this input. */
  | 'no-response'
  /** A request without a valid credential or signature got a 2xx from /api or /discord. */
  | 'unauthenticated-accepted'
  /** Unauthenticated input left a new Durable Object (SQLite file) behind. */
  | 'new-object'
  /** The worker stopped serving /healthz (or wrangler exited). */
  | 'worker-down'
  /** The gateway did not get back to ready. */
  | 'gateway-not-ready'
  /** A gateway event stayed in the shard's outbox: its guild actor refuses it on every retry. */
  | 'outbox-stuck'
  /** The protected guild's settings, knowledge or moderation log changed. */
  | 'data-changed'
  // Warnings: reported, not failures.
  /** A 4xx whose body is not the documented JSON `{"error": "..."}`. */
  | 'error-not-json'
  /** The frame made the shard reconnect (resume or identify again), though it came back. */
  | 'gateway-reconnected';

export const WARNING_KINDS: ReadonlySet<FindingKind> = new Set(['error-not-json', 'gateway-reconnected']);

export interface Finding {
  kind: FindingKind;
  detail: string;
  fuzzCase?: FuzzCase;
  /** Groups findings into one bug when the default (kind, category, route, status) would split it. */
  signature?: string;
}

/** Judges one HTTP answer. `text` is the body (possibly cut short by the runner). */
export function judgeHttp(c: HttpCase, status: number, contentType: string | null, text: string): Finding[] {
  const findings: Finding[] = [];
  const pathname = c.path.split('?')[0] ?? '';
  const guarded = /^\/(api|discord)(\/|$)/i.test(pathname);
  if (status >= 500) findings.push({ kind: 'server-error', detail: `${status} ${text.slice(0, 200)}`, fuzzCase: c });
  if (UNAUTHENTICATED_CATEGORIES.has(c.category) && guarded && status >= 200 && status < 300) {
    findings.push({ kind: 'unauthenticated-accepted', detail: `${status} ${text.slice(0, 200)}`, fuzzCase: c });
  }
  if (status >= 400 && status < 500 && c.method.toUpperCase() !== 'HEAD' && !isJsonError(contentType, text)) {
    findings.push({ kind: 'error-not-json', detail: `${status} ${contentType ?? '(no content-type)'} ${text.slice(0, 120)}`, fuzzCase: c });
  }
  return findings;
}

function isJsonError(contentType: string | null, text: string): boolean {
  if (!contentType?.includes('application/json')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
  } catch {
    return false;
  }
}

/** A failure's class: the same bug found by many cases is reported once, with its smallest case. */
export function signatureOf(finding: Finding): string {
  if (finding.signature) return finding.signature;
  const c = finding.fuzzCase;
  if (!c) return `${finding.kind}`;
  if (c.kind === 'gateway') return `${finding.kind} gateway ${c.note.split(' ').slice(0, 2).join(' ')}`;
  const route = c.note.split(' ').slice(0, 2).join(' ');
  const status = /^\d{3}/.exec(finding.detail)?.[0] ?? '';
  return `${finding.kind} ${c.category} ${route} ${status}`.trim();
}

export function caseSize(c: FuzzCase): number {
  if (c.kind === 'gateway') return 'raw' in c.frame ? c.frame.raw.length : JSON.stringify(c.frame.dispatch).length;
  return c.path.length + (c.body?.length ?? 0) + JSON.stringify(c.headers).length;
}

/** Distinct findings (by signature), each with how often it happened and its smallest case. */
export function groupFindings(findings: readonly Finding[]): { signature: string; count: number; example: Finding }[] {
  const groups = new Map<string, { signature: string; count: number; example: Finding }>();
  for (const finding of findings) {
    const signature = signatureOf(finding);
    const group = groups.get(signature);
    if (!group) groups.set(signature, { signature, count: 1, example: finding });
    else {
      group.count++;
      const a = finding.fuzzCase;
      const b = group.example.fuzzCase;
      if (a && b && caseSize(a) < caseSize(b)) group.example = finding;
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** A reproduction a person can paste: curl for HTTP, the simulator route for gateway frames. */
export function reproduction(c: FuzzCase, seed: number, categories?: readonly string[], workerUrl = 'http://127.0.0.1:8787'): string {
  // The category list changes which category each index draws, so a replay needs the same list.
  const replay = `npm run fuzz -- --seed ${seed}${categories ? ` --categories ${categories.join(',')}` : ''} --case ${c.index}`;
  if (c.kind === 'gateway') {
    const frame = JSON.stringify(c.frame);
    return `${replay}\n    POST <simulator>/_sim/fuzz/gateway-frame ${shorten(frame, 400)}`;
  }
  const headers = Object.entries(c.headers)
    .map(([name, value]) => ` -H ${shellQuote(`${name}: ${shorten(value, 120)}`)}`)
    .join('');
  const sign = c.sign ? ` (then signed with the simulator's key${c.sign === 'tampered' ? ', body changed by one character after signing' : ''})` : '';
  const body = c.body === null ? '' : ` --data-raw ${shellQuote(shorten(c.body, 400))}`;
  return `${replay}\n    curl -X ${c.method}${headers}${body} ${shellQuote(workerUrl + shorten(c.path, 300))}${sign}`;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[${text.length} chars in all]`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function emptyCounts(categories: readonly FuzzCategory[]): Record<FuzzCategory, number> {
  return Object.fromEntries(categories.map((c) => [c, 0])) as Record<FuzzCategory, number>;
}
